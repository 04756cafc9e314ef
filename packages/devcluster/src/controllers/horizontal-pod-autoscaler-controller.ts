// kube-controller-manager's horizontal pod autoscaler: every 15 s each HPA reads its target's scale
// and its pods' usage (autoscaler-metrics.ts), works out the replicas its metrics ask for, and
// scales the target as its behaviour allows: scaling down only to the highest recommendation of the
// stabilization window (5 minutes by default), by steps its rules allow (autoscaler-behavior.ts),
// and always within [minReplicas, maxReplicas]. Its status and events are the real controller's.
import { scaleOfObject, scalePaths, writePath } from '../api/scale-view.js';
import { isMeasured } from '../metrics/usage.js';
import { loadShares } from '../metrics/workload-load.js';
import { apiTime } from '../seed/timestamps.js';
import { matchesLabels, parseLabelSelector } from '../selectors/label-selector.js';
import type { StoredEvent } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import { type ScalingRules, scaleDownLimit, scaleUpLimit } from './autoscaler-behavior.js';
import { DEFAULT_METRIC, type MetricReading, type MetricSpec, readMetric } from './autoscaler-metrics.js';
import type { Controller, ControllerContext } from './controller.js';
import { AUTOSCALERS, keyOf, nameOf, PODS, splitKey } from './objects.js';
import { isActive } from './pod-state.js';

const SYNC_PERIOD_MS = 15_000;
const SOURCE = { component: 'horizontal-pod-autoscaler' };
const DEFAULT_DOWN_WINDOW_SECONDS = 300;

interface Condition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

interface Autoscaler extends KubeObject {
  spec?: {
    scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: MetricSpec[];
    behavior?: { scaleUp?: ScalingRules; scaleDown?: ScalingRules };
  };
  status?: { conditions?: Condition[]; lastScaleTime?: string; currentReplicas?: number };
}

interface Recommendation {
  at: number;
  replicas: number;
}

/** What the target's scale gave: its replicas and the pods it runs, or why it could not be read. */
type ScaleTarget =
  | { replicas: number; pods: KubeObject[]; object: KubeObject; selector: string }
  | { error: string };

export class HorizontalPodAutoscalerController implements Controller {
  readonly name = 'horizontal-pod-autoscaler';
  readonly watches = [AUTOSCALERS];
  /** Each HPA's recent recommendations, for the stabilization windows. */
  private readonly recommendations = new Map<string, Recommendation[]>();
  /** The spec each HPA had when last synced for a change. */
  private readonly specs = new Map<string, string>();

  constructor(private readonly context: ControllerContext) {}

  keysFor(event: StoredEvent): string[] {
    const key = keyOf(event.namespace, nameOf(event.object));
    // Its own status writes are not news: the HPA is synced when made or changed, then every period.
    const spec = JSON.stringify(event.object.spec ?? {});
    if (event.type === 'DELETED') this.specs.delete(key);
    else if (this.specs.get(key) === spec) return [];
    else this.specs.set(key, spec);
    return [key];
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const hpa = this.context.cluster.store.get(AUTOSCALERS, namespace, name) as Autoscaler | undefined;
    if (!hpa) {
      this.recommendations.delete(key);
      return;
    }
    this.context.requeueAfter(this, key, SYNC_PERIOD_MS);
    const target = this.scaleTarget(hpa);
    if ('error' in target) {
      this.warn(hpa, 'FailedGetScale', target.error);
      const message = `the HPA controller was unable to get the target's current scale: ${target.error}`;
      this.writeStatus(hpa, { currentReplicas: hpa.status?.currentReplicas ?? 0, desiredReplicas: 0 }, [
        this.condition(hpa, 'AbleToScale', 'False', 'FailedGetScale', message),
      ]);
      return;
    }
    const gotScale = this.condition(
      hpa,
      'AbleToScale',
      'True',
      'SucceededGetScale',
      "the HPA controller was able to get the target's current scale",
    );
    const rivals = this.rivals(hpa, target.pods);
    if (rivals.length > 0) {
      const names = [hpa, ...rivals].map((other) => `${other.metadata.namespace}/${nameOf(other)}`).sort();
      const message = `pods by selector ${target.selector} are controlled by multiple HPAs: [${names.join(' ')}]`;
      this.warn(hpa, 'AmbiguousSelector', message);
      this.writeStatus(hpa, { currentReplicas: target.replicas, desiredReplicas: target.replicas }, [
        gotScale,
        this.condition(hpa, 'ScalingActive', 'False', 'AmbiguousSelector', message),
      ]);
      return;
    }
    const current = target.replicas;
    const minReplicas = hpa.spec?.minReplicas ?? 1;
    if (current === 0 && minReplicas !== 0) {
      const disabled = 'scaling is disabled since the replica count of the target is zero';
      this.writeStatus(hpa, { currentReplicas: 0, desiredReplicas: 0 }, [
        gotScale,
        this.condition(hpa, 'ScalingActive', 'False', 'ScalingDisabled', disabled),
      ]);
      return;
    }
    const metrics = hpa.spec?.metrics?.length ? hpa.spec.metrics : [DEFAULT_METRIC];
    // Loads are shared as the metrics API shares them: over the namespace's measured pods.
    const loadOf = loadShares(
      this.context.cluster.store.list(PODS, hpa.metadata.namespace ?? '').filter(isMeasured),
    );
    const readings = metrics.map((metric) =>
      readMetric(metric, current, target.pods, this.context.now(), loadOf),
    );
    const currentMetrics = readings.map((reading) => (reading.ok ? reading.status : { type: '' }));
    const failed = readings.filter(
      (reading): reading is Extract<MetricReading, { ok: false }> => !reading.ok,
    );
    for (const failure of failed) this.warn(hpa, failure.reason, failure.error);
    const valid = readings.filter((reading): reading is Extract<MetricReading, { ok: true }> => reading.ok);
    const [first] = failed;
    if (valid.length === 0 && first) {
      this.warn(
        hpa,
        'FailedComputeMetricsReplicas',
        `invalid metrics (${failed.length} invalid out of ${readings.length}), first error is: ${first.error}`,
      );
      const message = `the HPA was unable to compute the replica count: ${first.error}`;
      this.writeStatus(hpa, { currentReplicas: current, desiredReplicas: current, currentMetrics }, [
        gotScale,
        this.condition(hpa, 'ScalingActive', 'False', first.reason, message),
      ]);
      return;
    }
    const chosen = valid.reduce((best, reading) => (reading.replicas > best.replicas ? reading : best));
    // A metric that cannot be read never lets the others scale down.
    const proposed = failed.length > 0 ? Math.max(chosen.replicas, current) : chosen.replicas;
    const active = this.condition(
      hpa,
      'ScalingActive',
      'True',
      'ValidMetricFound',
      `the HPA was able to successfully calculate a replica count from ${chosen.description}`,
    );
    const stabilized = this.stabilize(key, hpa, current, proposed);
    const [desired, limited] = this.limit(hpa, current, stabilized.replicas);
    let ableToScale = this.condition(hpa, 'AbleToScale', 'True', stabilized.reason, stabilized.message);
    let lastScaleTime = hpa.status?.lastScaleTime;
    if (desired !== current) {
      this.rescale(target.object, desired);
      const why = desired > current ? `${chosen.description} above target` : 'All metrics below target';
      this.context.events.record({
        about: hpa,
        type: 'Normal',
        reason: 'SuccessfulRescale',
        message: `New size: ${desired}; reason: ${why}`,
        source: SOURCE,
      });
      const rescaled = `the HPA controller was able to update the target scale to ${desired}`;
      ableToScale = this.condition(hpa, 'AbleToScale', 'True', 'SucceededRescale', rescaled);
      lastScaleTime = apiTime(this.context.now());
    }
    this.writeStatus(
      hpa,
      {
        ...(lastScaleTime && { lastScaleTime }),
        currentReplicas: current,
        desiredReplicas: desired,
        currentMetrics,
      },
      [ableToScale, active, limited],
    );
  }

  private scaleTarget(hpa: Autoscaler): ScaleTarget {
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const { cluster } = this.context;
    const resource = cluster.resourceForObject(ref.apiVersion ?? '', ref.kind ?? '');
    if (!resource) {
      const group = (ref.apiVersion ?? '').includes('/') ? (ref.apiVersion ?? '').split('/')[0] : '';
      return {
        error: `unable to determine resource for scale target reference: no matches for kind "${ref.kind}" in group "${group}"`,
      };
    }
    if (!resource.subresources.includes('scale'))
      return {
        error: `the server could not find the requested resource (get ${resource.plural}.${resource.group} ${ref.name})`,
      };
    const namespace = hpa.metadata.namespace ?? '';
    const object = cluster.store.get(
      { group: resource.group, resource: resource.plural },
      namespace,
      ref.name ?? '',
    );
    if (!object) return { error: `${resource.plural}.${resource.group} "${ref.name}" not found` };
    const scale = scaleOfObject(cluster, resource, object);
    const selectorText = (scale.status as { selector?: string } | undefined)?.selector ?? '';
    const selector = parseLabelSelector(selectorText);
    const pods = cluster.store
      .list(PODS, namespace)
      .filter((pod) => isActive(pod) && matchesLabels(selector, pod.metadata.labels));
    return { replicas: (scale.spec as { replicas: number }).replicas, pods, object, selector: selectorText };
  }

  /** The other HPAs of the namespace whose targets run some of the same pods (the real controller refuses to act then). */
  private rivals(hpa: Autoscaler, pods: KubeObject[]): Autoscaler[] {
    const mine = new Set(pods.map(nameOf));
    return (
      this.context.cluster.store.list(AUTOSCALERS, hpa.metadata.namespace ?? '') as Autoscaler[]
    ).filter((other) => {
      if (nameOf(other) === nameOf(hpa)) return false;
      const target = this.scaleTarget(other);
      return !('error' in target) && target.pods.some((pod) => mine.has(nameOf(pod)));
    });
  }

  /** stabilizeRecommendationWithBehaviors: the lowest recent recommendation up, the highest down. */
  private stabilize(key: string, hpa: Autoscaler, current: number, proposed: number) {
    const now = this.context.now().getTime();
    const behavior = hpa.spec?.behavior;
    const upWindow = (behavior?.scaleUp?.stabilizationWindowSeconds ?? 0) * 1000;
    const downWindow =
      (behavior?.scaleDown?.stabilizationWindowSeconds ?? DEFAULT_DOWN_WINDOW_SECONDS) * 1000;
    // A new HPA remembers the current count as its first recommendation, so it never scales down at once.
    const known = this.recommendations.get(key) ?? [{ at: now, replicas: current }];
    const recent = known.filter((rec) => rec.at > now - Math.max(upWindow, downWindow));
    let up = proposed;
    let down = proposed;
    for (const rec of recent) {
      if (rec.at > now - upWindow) up = Math.min(up, rec.replicas);
      if (rec.at > now - downWindow) down = Math.max(down, rec.replicas);
    }
    this.recommendations.set(key, [...recent, { at: now, replicas: proposed }]);
    const replicas = Math.min(Math.max(current, up), down);
    if (replicas === proposed)
      return { replicas, reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
    if (replicas < proposed)
      return {
        replicas,
        reason: 'ScaleUpStabilized',
        message:
          'recent recommendations were lower than current one, applying the lowest recent recommendation',
      };
    return {
      replicas,
      reason: 'ScaleDownStabilized',
      message:
        'recent recommendations were higher than current one, applying the highest recent recommendation',
    };
  }

  /** The default scale-up rate (double, or 4 more pods) and the replica bounds, with the condition saying which applied. */
  private limit(hpa: Autoscaler, current: number, wanted: number): [number, Condition] {
    const minReplicas = hpa.spec?.minReplicas ?? 1;
    const maxReplicas = hpa.spec?.maxReplicas ?? minReplicas;
    const upLimit = scaleUpLimit(hpa.spec?.behavior?.scaleUp, current);
    const downLimit = scaleDownLimit(hpa.spec?.behavior?.scaleDown, current);
    const limited = (replicas: number, reason: string, message: string): [number, Condition] => [
      replicas,
      this.condition(hpa, 'ScalingLimited', 'True', reason, message),
    ];
    if (wanted > current && wanted > upLimit && upLimit < maxReplicas)
      return limited(
        upLimit,
        'ScaleUpLimit',
        'the desired replica count is increasing faster than the maximum scale rate',
      );
    if (wanted < current && wanted < downLimit && downLimit > minReplicas)
      return limited(
        downLimit,
        'ScaleDownLimit',
        'the desired replica count is decreasing faster than the maximum scale rate',
      );
    if (wanted > maxReplicas)
      return limited(
        maxReplicas,
        'TooManyReplicas',
        'the desired replica count is more than the maximum replica count',
      );
    if (wanted < minReplicas)
      return limited(
        minReplicas,
        'TooFewReplicas',
        'the desired replica count is less than the minimum replica count',
      );
    const within = this.condition(
      hpa,
      'ScalingLimited',
      'False',
      'DesiredWithinRange',
      'the desired count is within the acceptable range',
    );
    return [wanted, within];
  }

  /** Sets the target's replicas where its scale subresource keeps them (custom resources too). */
  private rescale(target: KubeObject, replicas: number): void {
    const { cluster, writer } = this.context;
    const resource = cluster.resourceForObject(target.apiVersion, target.kind);
    if (!resource) return;
    const next = structuredClone(target);
    writePath(next, scalePaths(cluster, resource).specReplicas, replicas);
    writer.update({ group: resource.group, resource: resource.plural }, target, next);
  }

  /** A condition, keeping its last transition time while its status stays (setCondition). */
  private condition(
    hpa: Autoscaler,
    type: string,
    status: 'True' | 'False',
    reason: string,
    message: string,
  ): Condition {
    const previous = hpa.status?.conditions?.find((condition) => condition.type === type);
    const lastTransitionTime =
      previous?.status === status && previous.lastTransitionTime
        ? previous.lastTransitionTime
        : apiTime(this.context.now());
    return { type, status, lastTransitionTime, reason, message };
  }

  private warn(hpa: Autoscaler, reason: string, message: string): void {
    this.context.events.record({ about: hpa, type: 'Warning', reason, message, source: SOURCE });
  }

  private writeStatus(hpa: Autoscaler, fields: Record<string, unknown>, conditions: Condition[]): void {
    this.context.writer.update(AUTOSCALERS, hpa, { ...hpa, status: { ...fields, conditions } });
  }
}
