import type * as PromClient from 'prom-client';
import type {
  CounterConfiguration,
  GaugeConfiguration,
  HistogramConfiguration,
  LabelValues,
  MetricObjectWithValues,
  MetricValue,
} from 'prom-client';

// What a CommonJS module exports is its `default` under ESM.
type Client = typeof PromClient.default;
type Create<M> = (client: Client, registry: PromClient.Registry) => M;

/** Something registered in a DeferredRegistry: what is done with it waits for prom-client. */
export interface DeferredMetric<M> {
  /** Runs `action` with the metric now, or once prom-client is loaded (in the order of the calls). */
  use(action: (metric: M) => void): void;
  /** The metric, loading prom-client first if needed. */
  get(): Promise<M>;
}

export interface HistogramRecorder<L extends string> {
  observe(labels: LabelValues<L>, value: number): void;
  /** Starts timing; the function returned observes the seconds since, with `labels` and its own. */
  startTimer(labels?: LabelValues<L>): (endLabels?: LabelValues<L>) => number;
}

export interface CounterRecorder<L extends string> {
  inc(labels?: LabelValues<L>, value?: number): void;
  get(): Promise<MetricObjectWithValues<MetricValue<L>>>;
}

export interface GaugeRecorder {
  inc(): void;
  dec(): void;
}

/**
 * A Prometheus registry whose prom-client is imported by the first record or read instead of at
 * start-up: nothing is recorded before a server's first request (over stdio without a metrics
 * listener, nothing at all), and prom-client with the Node modules it loads is a good share of the
 * time to the first `initialize` answer. Metrics are created in the order they were defined, and
 * what was recorded while prom-client loaded is replayed in order, so the exposition is the one an
 * eager registry would serve.
 */
export class DeferredRegistry {
  #recording = true;
  #definitions: Array<Create<void>> = [];
  #waiting: Array<() => void> = [];
  #loaded: { client: Client; registry: PromClient.Registry } | undefined;
  #loading: Promise<PromClient.Registry> | undefined;

  /** Anything prom-client registers (a metric, the default metrics), created by `create`. */
  define<M>(create: Create<M>): DeferredMetric<M> {
    let created: { metric: M } | undefined;
    const run: Create<void> = (client, registry) => {
      created = { metric: create(client, registry) };
    };
    if (this.#loaded) run(this.#loaded.client, this.#loaded.registry);
    else this.#definitions.push(run);
    const metric = () => (created as { metric: M }).metric;
    return {
      use: (action) => {
        if (!this.#recording) return;
        if (created) action(created.metric);
        else this.#whenLoaded(() => action(metric()));
      },
      get: async () => {
        await this.load();
        return metric();
      },
    };
  }

  histogram<L extends string>(
    configuration: Omit<HistogramConfiguration<L>, 'registers'>,
  ): HistogramRecorder<L> {
    const histogram = this.define(
      (client, registry) => new client.Histogram({ ...configuration, registers: [registry] }),
    );
    const observe = (labels: LabelValues<L>, value: number) => histogram.use((h) => h.observe(labels, value));
    return {
      observe,
      startTimer(labels = {}) {
        const started = process.hrtime.bigint();
        return (endLabels = {}) => {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          observe({ ...labels, ...endLabels }, seconds);
          return seconds;
        };
      },
    };
  }

  counter<L extends string>(configuration: Omit<CounterConfiguration<L>, 'registers'>): CounterRecorder<L> {
    const counter = this.define(
      (client, registry) => new client.Counter({ ...configuration, registers: [registry] }),
    );
    return {
      inc: (labels = {}, value = 1) => counter.use((c) => c.inc(labels, value)),
      get: async () => (await counter.get()).get(),
    };
  }

  gauge<L extends string>(configuration: Omit<GaugeConfiguration<L>, 'registers'>): GaugeRecorder {
    const gauge = this.define(
      (client, registry) => new client.Gauge({ ...configuration, registers: [registry] }),
    );
    return {
      inc: () => gauge.use((g) => g.inc()),
      dec: () => gauge.use((g) => g.dec()),
    };
  }

  /**
   * From now on, records are dropped: for a server whose metrics nobody reads (stdio without a
   * metrics listener), which then never loads prom-client or starts its event-loop monitor. A read
   * still loads it, and shows the metrics without records.
   */
  discardRecords(): void {
    this.#recording = false;
  }

  /** Imports prom-client and creates what was defined so far; later calls share the first. */
  load(): Promise<PromClient.Registry> {
    // `default`: prom-client is CommonJS, and bundled its dynamic import has nothing else.
    this.#loading ??= import('prom-client').then(({ default: client }) => {
      const registry = new client.Registry();
      for (const run of this.#definitions) run(client, registry);
      this.#definitions = [];
      this.#loaded = { client, registry };
      for (const action of this.#waiting) action();
      this.#waiting = [];
      return registry;
    });
    return this.#loading;
  }

  #whenLoaded(action: () => void): void {
    this.#waiting.push(action);
    void this.load();
  }
}
