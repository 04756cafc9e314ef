// The kubectl 1.35 commands a new user tries against the simulator, in order (later rows use what
// earlier rows made), each with what kubectl prints against a real cluster. The rows run in
// namespace `table` of a fresh default-seeded cluster, as the admin user unless `--as` says otherwise.

export interface KubectlCommand {
  /** What the row shows, as the test's title. */
  title: string;
  args: string[];
  stdin?: string;
  /** The exit code kubectl ends with (0 unless given). */
  exit?: number;
  /** Lines or fragments kubectl prints on stdout, each matched in full where it is a string line. */
  stdout?: (string | RegExp)[];
  /** Fragments of kubectl's error output. */
  stderr?: (string | RegExp)[];
  /** A scripted KUBE_EDITOR: a sed expression applied to the file kubectl opens. */
  editorSed?: string;
}

const NS = ['-n', 'table'];

const deploymentManifest = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  namespace: table
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: d }
  template:
    metadata:
      labels: { app: d }
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports: [{ containerPort: 80 }]
`;

export const KUBECTL_COMMANDS: KubectlCommand[] = [
  { title: 'create namespace', args: ['create', 'namespace', 'table'], stdout: ['namespace/table created'] },
  {
    title: 'create secret generic (protobuf body)',
    args: ['create', 'secret', 'generic', 's', ...NS, '--from-literal=a=b'],
    stdout: ['secret/s created'],
  },
  {
    title: 'create configmap (protobuf body)',
    args: ['create', 'configmap', 'c', ...NS, '--from-literal=k=v'],
    stdout: ['configmap/c created'],
  },
  {
    title: 'get configmap -o jsonpath',
    args: ['get', 'configmap', 'c', ...NS, '-o', 'jsonpath={.data.k}'],
    stdout: [/^v$/],
  },
  {
    title: 'create deployment (protobuf body)',
    args: ['create', 'deployment', 'd', ...NS, '--image=nginx:1.27', '--replicas=2', '--port=80'],
    stdout: ['deployment.apps/d created'],
  },
  {
    title: 'rollout status waits for the new deployment',
    args: ['rollout', 'status', 'deployment/d', ...NS, '--timeout=30s'],
    stdout: ['deployment "d" successfully rolled out'],
  },
  {
    title: 'create serviceaccount',
    args: ['create', 'serviceaccount', 'robot', ...NS],
    stdout: ['serviceaccount/robot created'],
  },
  {
    title: 'create role',
    args: ['create', 'role', 'reader', '--verb=get,list,watch', '--resource=pods,deployments.apps', ...NS],
    stdout: ['role.rbac.authorization.k8s.io/reader created'],
  },
  {
    title: 'create rolebinding',
    args: ['create', 'rolebinding', 'robot-reads', '--role=reader', '--serviceaccount=table:robot', ...NS],
    stdout: ['rolebinding.rbac.authorization.k8s.io/robot-reads created'],
  },
  {
    title: 'create quota',
    args: [
      'create',
      'quota',
      'caps',
      '--hard=pods=10,count/deployments.apps=5,requests.cpu=2,limits.memory=1Gi',
      ...NS,
    ],
    stdout: ['resourcequota/caps created'],
  },
  {
    title: 'get quota: what the namespace uses of each limited resource',
    args: ['get', 'quota', 'caps', ...NS],
    stdout: [
      /^NAME\s+AGE\s+REQUEST\s+LIMIT$/,
      /^caps\s+\d+s\s+count\/deployments\.apps: 1\/5, pods: 2\/10, requests\.cpu: 0\/2\s+limits\.memory: 0\/1Gi$/,
    ],
  },
  {
    title: 'a pod without the compute resources a quota limits is refused',
    args: ['run', 'greedy', ...NS, '--image=nginx'],
    exit: 1,
    stderr: [
      'Error from server (Forbidden): pods "greedy" is forbidden: failed quota: caps: must specify limits.memory for: greedy; requests.cpu for: greedy',
    ],
  },
  {
    title: 'a pod past the quota is refused, with what it asked, what is used and the limit',
    args: [
      'run',
      'greedy',
      ...NS,
      '--image=nginx',
      '--overrides={"spec":{"containers":[{"name":"greedy","image":"nginx","resources":{"requests":{"cpu":"3"},"limits":{"memory":"64Mi"}}}]}}',
    ],
    exit: 1,
    stderr: [
      'Error from server (Forbidden): pods "greedy" is forbidden: exceeded quota: caps, requested: requests.cpu=3, used: requests.cpu=0, limited: requests.cpu=2',
    ],
  },
  {
    title: 'delete quota (the later rows run pods that name no resources)',
    args: ['delete', 'quota', 'caps', ...NS],
    stdout: ['resourcequota "caps" deleted from table namespace'],
  },
  {
    title: 'create ingress',
    args: [
      'create',
      'ingress',
      'shop',
      '--class=nginx',
      '--rule=shop.example.com/*=d:80,tls=shop-tls',
      ...NS,
    ],
    stdout: ['ingress.networking.k8s.io/shop created'],
  },
  {
    title: 'get ingress: class, hosts, no address without an ingress controller, TLS ports',
    args: ['get', 'ingress', ...NS],
    stdout: [
      /^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE$/,
      /^shop\s+nginx\s+shop\.example\.com\s+80, 443\s+\d+s$/,
    ],
  },
  {
    title: 'apply a HorizontalPodAutoscaler (autoscaling/v2)',
    args: ['apply', '-f', '-'],
    stdin:
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: d, namespace: table }\nspec:\n' +
      '  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: d }\n  minReplicas: 1\n  maxReplicas: 4\n' +
      '  metrics:\n    - type: Resource\n      resource: { name: cpu, target: { type: Utilization, averageUtilization: 80 } }\n',
    stdout: ['horizontalpodautoscaler.autoscaling/d created'],
  },
  {
    title:
      'get hpa: the autoscaler controller read the scale, but pods without CPU requests give no utilization',
    args: ['get', 'hpa', ...NS],
    stdout: [/^d\s+Deployment\/d\s+cpu: <unknown>\/80%\s+1\s+4\s+2\s+\d+s$/],
  },
  {
    title: 'describe hpa: why it cannot scale',
    args: ['describe', 'hpa', 'd', ...NS],
    stdout: [
      /^\s+AbleToScale\s+True\s+SucceededGetScale\s+the HPA controller was able to get the target's current scale$/,
      /^\s+ScalingActive\s+False\s+FailedGetResourceMetric\s+the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container nginx of Pod d-[a-z0-9]+-[a-z0-9]{5}$/,
    ],
  },
  {
    title:
      'autoscale: kubectl falls back to autoscaling/v1, served by conversion (its v1 object drops --cpu: the default 80% applies)',
    args: ['autoscale', 'deployment', 'd', '--min=2', '--max=5', '--cpu=50%', '--name=d-auto', ...NS],
    stdout: ['horizontalpodautoscaler.autoscaling/d-auto autoscaled'],
  },
  {
    title:
      'the same HPA read as autoscaling/v1: its CPU target in v1 form, what v1 cannot say in annotations',
    args: [
      'get',
      'horizontalpodautoscalers.v1.autoscaling',
      'd-auto',
      ...NS,
      '-o',
      'jsonpath={.apiVersion} {.spec.minReplicas}-{.spec.maxReplicas} {.spec.targetCPUUtilizationPercentage} {.metadata.annotations.autoscaling\\.alpha\\.kubernetes\\.io/behavior}',
    ],
    stdout: [/^autoscaling\/v1 2-5 80 \{"scaleUp":\{"stabilizationWindowSeconds":0,/],
  },
  {
    title: 'patch through autoscaling/v1: the v2 object keeps what v1 cannot say',
    args: [
      'patch',
      'horizontalpodautoscalers.v1.autoscaling',
      'd-auto',
      ...NS,
      '--type=merge',
      '-p',
      '{"spec":{"targetCPUUtilizationPercentage":55}}',
    ],
    stdout: ['horizontalpodautoscaler.autoscaling/d-auto patched'],
  },
  {
    title: 'read as autoscaling/v2 after the v1 patch',
    args: [
      'get',
      'hpa',
      'd-auto',
      ...NS,
      '-o',
      'jsonpath={.apiVersion} {.spec.metrics[0].resource.target.averageUtilization} {.spec.behavior.scaleDown.stabilizationWindowSeconds} {.metadata.annotations}',
    ],
    // No annotation is left over: the v1 conversion's were folded back into the v2 fields.
    stdout: [/^autoscaling\/v2 55 300\s*$/],
  },
  {
    title: 'delete the second HPA',
    args: ['delete', 'hpa', 'd-auto', ...NS],
    stdout: ['horizontalpodautoscaler.autoscaling "d-auto" deleted from table namespace'],
  },
  {
    title: 'apply a LimitRange: the default request follows the default limit',
    args: ['apply', '-f', '-'],
    stdin:
      'apiVersion: v1\nkind: LimitRange\nmetadata: { name: defaults, namespace: table }\nspec:\n' +
      '  limits:\n    - type: Container\n      default: { cpu: 500m }\n',
    stdout: ['limitrange/defaults created'],
  },
  {
    title: 'describe limitrange',
    args: ['describe', 'limits', 'defaults', ...NS],
    stdout: [/^Container\s+cpu\s+-\s+-\s+500m\s+500m\s+-$/],
  },
  {
    title: 'create refuses a field the kind does not have (kubectl validates strictly)',
    args: ['create', '-f', '-'],
    stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: typo, namespace: table }\ndatta: { a: b }\n',
    exit: 1,
    stderr: [
      'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "datta"',
    ],
  },
  {
    title: 'create --validate=warn drops the field and says so',
    args: ['create', '-f', '-', '--validate=warn'],
    stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: typo, namespace: table }\ndatta: { a: b }\n',
    stdout: ['configmap/typo created'],
    stderr: ['Warning: unknown field "datta"'],
  },
  {
    title: 'apply --server-side refuses a field the kind does not have (the field manager says so)',
    args: ['apply', '--server-side', '-f', '-'],
    stdin:
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ssa-typo, namespace: table }\ndatta: { a: b }\n',
    exit: 1,
    stderr: [
      'Error from server: failed to create typed patch object (table/ssa-typo; /v1, Kind=ConfigMap): .datta: field not declared in schema',
    ],
  },
  {
    title: 'apply --server-side --validate=warn drops the field and says so',
    args: ['apply', '--server-side', '--validate=warn', '-f', '-'],
    stdin:
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ssa-typo, namespace: table }\ndatta: { a: b }\n',
    stdout: ['configmap/ssa-typo serverside-applied'],
    stderr: ['Warning: unknown field "datta"'],
  },
  {
    title: 'auth can-i: allowed through the new binding',
    args: ['auth', 'can-i', 'list', 'pods', ...NS, '--as=system:serviceaccount:table:robot'],
    stdout: ['yes'],
  },
  {
    title: 'auth can-i: denied',
    args: ['auth', 'can-i', 'delete', 'pods', ...NS, '--as=system:serviceaccount:table:robot'],
    exit: 1,
    stdout: ['no'],
  },
  {
    title: 'a forbidden write names the user, verb and resource',
    args: ['delete', 'configmap', 'c', ...NS, '--as=system:serviceaccount:table:robot'],
    exit: 1,
    stderr: [
      'Error from server (Forbidden): configmaps "c" is forbidden: User "system:serviceaccount:table:robot" cannot delete resource "configmaps" in API group "" in the namespace "table"',
    ],
  },
  {
    title: 'run a pod',
    args: ['run', 'one-off', ...NS, '--image=busybox:1.36', '--', 'sleep', '3600'],
    stdout: ['pod/one-off created'],
  },
  {
    title: 'the LimitRange gave the pod its default CPU request and limit, and says so',
    args: [
      'get',
      'pod',
      'one-off',
      ...NS,
      '-o',
      'jsonpath={.spec.containers[0].resources} {.metadata.annotations.kubernetes\\.io/limit-ranger}',
    ],
    stdout: [
      '{"limits":{"cpu":"500m"},"requests":{"cpu":"500m"}} LimitRanger plugin set: cpu request for container one-off; cpu limit for container one-off',
    ],
  },
  {
    title: 'wait for the pod to be ready',
    args: ['wait', '--for=condition=Ready', 'pod/one-off', ...NS, '--timeout=30s'],
    stdout: ['pod/one-off condition met'],
  },
  {
    title: 'exec in the pod',
    args: ['exec', 'one-off', ...NS, '--', 'echo', 'hello from the pod'],
    stdout: ['hello from the pod'],
  },
  {
    title: 'debug with an ephemeral container',
    args: ['debug', 'one-off', ...NS, '--image=busybox:1.36', '-c', 'debugger', '--profile=general'],
  },
  {
    title: 'the ephemeral container runs',
    args: [
      'wait',
      'pod/one-off',
      ...NS,
      '--for=jsonpath={.status.ephemeralContainerStatuses[0].name}=debugger',
      '--timeout=30s',
    ],
    stdout: ['pod/one-off condition met'],
  },
  {
    title: 'attach: a clear refusal (not simulated)',
    args: ['attach', 'one-off', ...NS, '-c', 'one-off'],
    exit: 1,
    stderr: [
      'Error from server (BadRequest): attaching to a running container is not simulated: follow its output with kubectl logs -f, or run a command with kubectl exec',
    ],
  },
  {
    title: 'expose the deployment',
    args: ['expose', 'deployment', 'd', ...NS, '--port=80'],
    stdout: ['service/d exposed'],
  },
  {
    title: 'get service -o wide',
    args: ['get', 'service', 'd', ...NS, '-o', 'wide'],
    stdout: [
      /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR$/,
      /^d\s+ClusterIP\s+\S+\s+<none>\s+80\/TCP\s+\S+\s+app=d$/,
    ],
  },
  {
    title: 'get endpoints: the ready pods behind the service, with the deprecation warning of 1.33+',
    args: ['get', 'endpoints', 'd', ...NS],
    stderr: ['Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice'],
    stdout: [/^NAME\s+ENDPOINTS\s+AGE$/, /^d\s+10\.244\.\d+\.\d+:80(,10\.244\.\d+\.\d+:80)*\s+\S+$/],
  },
  {
    title: 'get endpointslices of the service',
    args: ['get', 'endpointslices', ...NS, '-l', 'kubernetes.io/service-name=d'],
    stdout: [/^d-[a-z0-9]{5}\s+IPv4\s+80\s+10\.244\.\S+\s+\S+$/],
  },
  {
    title: 'set image',
    args: ['set', 'image', 'deployment/d', 'nginx=nginx:1.28', ...NS],
    stdout: ['deployment.apps/d image updated'],
  },
  {
    title: 'rollout status after the image change',
    args: ['rollout', 'status', 'deployment/d', ...NS, '--timeout=30s'],
    stdout: ['deployment "d" successfully rolled out'],
  },
  {
    title: 'rollout history',
    args: ['rollout', 'history', 'deployment/d', ...NS],
    stdout: ['deployment.apps/d', /^REVISION\s+CHANGE-CAUSE$/, /^1\s+<none>$/, /^2\s+<none>$/],
  },
  {
    title: 'rollout undo',
    args: ['rollout', 'undo', 'deployment/d', ...NS],
    stdout: ['deployment.apps/d rolled back'],
  },
  {
    title: 'get -o custom-columns',
    args: [
      'get',
      'deployment',
      'd',
      ...NS,
      '-o',
      'custom-columns=NAME:.metadata.name,IMAGE:.spec.template.spec.containers[0].image',
    ],
    stdout: [/^NAME\s+IMAGE$/, /^d\s+nginx:1\.27$/],
  },
  {
    title: 'scale',
    args: ['scale', 'deployment', 'd', '--replicas=3', ...NS],
    stdout: ['deployment.apps/d scaled'],
  },
  {
    title: 'wait for Available',
    args: ['wait', '--for=condition=Available', 'deployment/d', ...NS, '--timeout=30s'],
    stdout: ['deployment.apps/d condition met'],
  },
  {
    title: 'get -o wide',
    args: ['get', 'deployment', 'd', ...NS, '-o', 'wide'],
    stdout: [
      /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/,
      /^d\s+\d\/3\s+\d\s+\d\s+\S+\s+nginx\s+nginx:1\.27\s+app=d$/,
    ],
  },
  {
    title: 'label',
    args: ['label', 'deployment', 'd', 'tier=web', ...NS],
    stdout: ['deployment.apps/d labeled'],
  },
  {
    title: 'annotate',
    args: ['annotate', 'deployment', 'd', 'note=hi', ...NS],
    stdout: ['deployment.apps/d annotated'],
  },
  {
    title: 'get with a label selector and jsonpath',
    args: [
      'get',
      'deployments',
      ...NS,
      '-l',
      'tier=web',
      '-o',
      'jsonpath={.items[*].metadata.annotations.note}',
    ],
    stdout: [/^hi$/],
  },
  {
    title: 'edit with a scripted editor',
    args: ['edit', 'deployment/d', ...NS],
    editorSed: 's/replicas: 3/replicas: 4/',
    stdout: ['deployment.apps/d edited'],
  },
  {
    title: 'diff against a manifest shows the change and exits 1',
    args: ['diff', '-f', '-'],
    stdin: deploymentManifest(5),
    exit: 1,
    stdout: [/^-\s+replicas: 4$/, /^\+\s+replicas: 5$/],
  },
  {
    title: 'apply the manifest',
    args: ['apply', '-f', '-'],
    stdin: deploymentManifest(5),
    stdout: ['deployment.apps/d configured'],
  },
  {
    title: 'apply a manifest of an unknown kind',
    args: ['apply', '-f', '-'],
    stdin: 'apiVersion: v1\nkind: NoSuchKind\nmetadata:\n  name: x\n  namespace: table\n',
    exit: 1,
    stderr: ['no matches for kind "NoSuchKind" in version "v1"'],
  },
  {
    title: 'patch with a JSON patch',
    args: [
      'patch',
      'deployment',
      'd',
      ...NS,
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/replicas","value":2}]',
    ],
    stdout: ['deployment.apps/d patched'],
  },
  {
    title: 'describe',
    args: ['describe', 'deployment', 'd', ...NS],
    stdout: [/^Name:\s+d$/, /^Namespace:\s+table$/, /^Selector:\s+app=d$/],
  },
  {
    title: 'events for one object',
    args: ['events', ...NS, '--for', 'deployment/d'],
    stdout: [/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/, /ScalingReplicaSet\s+Deployment\/d\s+Scaled/],
  },
  {
    title: 'logs of a deployment',
    args: ['logs', 'deployment/d', ...NS, '--tail=1'],
    stdout: [/GET \/ HTTP\/1\.1|start worker process|\S/],
  },
  {
    title: 'top pods',
    args: ['top', 'pods', ...NS],
    stdout: [/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)$/, /^d-\S+\s+\d+m\s+\d+Mi$/],
  },
  {
    title: 'top nodes',
    args: ['top', 'nodes'],
    stdout: [
      /^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)$/,
      /^worker-1\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%$/,
    ],
  },
  {
    title: 'create a job from a cronjob',
    args: ['create', 'job', 'manual-report', '--from=cronjob/nightly-report', '-n', 'team-a'],
    stdout: ['job.batch/manual-report created'],
  },
  {
    title: 'explain a field',
    args: ['explain', 'deployment.spec.strategy'],
    stdout: [/^GROUP:\s+apps$/, /^FIELD: strategy <DeploymentStrategy>$/],
  },
  {
    title: 'api-resources of one group',
    args: ['api-resources', '--api-group=apps'],
    stdout: [/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/],
  },
  { title: 'api-versions', args: ['api-versions'], stdout: ['apps/v1', 'metrics.k8s.io/v1beta1'] },
  {
    title: 'auth whoami',
    args: ['auth', 'whoami'],
    stdout: [/^Username\s+admin$/],
  },
  {
    title: 'version',
    args: ['version'],
    stdout: ['Client Version: v1.35.2', /^Server Version: v1\.36\.\d+$/],
  },
  {
    title: 'cluster-info',
    args: ['cluster-info'],
    stdout: [/^Kubernetes control plane is running at https:\/\/127\.0\.0\.1:\d+$/],
  },
  { title: 'get --raw a health endpoint', args: ['get', '--raw', '/readyz'], stdout: ['ok'] },
  {
    title: 'get priorityclasses: the two system classes',
    args: ['get', 'priorityclasses'],
    stdout: [
      /^system-cluster-critical\s+2000000000\s+false\s+\S+\s+PreemptLowerPriority$/,
      /^system-node-critical\s+2000001000\s+false\s+\S+\s+PreemptLowerPriority$/,
    ],
  },
  {
    title: 'run a pod naming a PriorityClass that does not exist: the Priority plugin refuses it',
    args: ['run', 'urgent', ...NS, '--image=busybox', '--overrides={"spec":{"priorityClassName":"urgent"}}'],
    exit: 1,
    stderr: [
      'Error from server (Forbidden): pods "urgent" is forbidden: no PriorityClass with name urgent was found',
    ],
  },
  {
    title: 'create a PriorityClass: the API defaults its preemption policy',
    args: ['create', 'priorityclass', 'urgent', '--value=1000', '-o', 'jsonpath={.preemptionPolicy}'],
    stdout: [/^PreemptLowerPriority$/],
  },
  {
    title: 'run a pod of that class: it gets the class value as its priority',
    args: [
      'run',
      'urgent',
      ...NS,
      '--image=busybox',
      '--overrides={"spec":{"priorityClassName":"urgent"}}',
      '-o',
      'jsonpath={.spec.priority}',
    ],
    stdout: [/^1000$/],
  },
  {
    title: 'get storageclass: the default class marked as kubectl marks it',
    args: ['get', 'storageclass'],
    stdout: [
      /^standard \(default\)\s+rancher\.io\/local-path\s+Delete\s+WaitForFirstConsumer\s+false\s+\S+$/,
    ],
  },
  {
    title: 'get pv: the volume provisioned for a seeded claim, bound to it',
    args: ['get', 'pv'],
    stdout: [/^pvc-\S+\s+1Gi\s+RWO\s+Delete\s+Bound\s+team-b\/data-db-0\s+standard\s+<unset>\s+\S+$/],
  },
  {
    title: 'get componentstatuses: the control plane healthy, with the deprecation warning',
    args: ['get', 'cs'],
    stdout: [
      /^NAME\s+STATUS\s+MESSAGE\s+ERROR$/,
      /^controller-manager\s+Healthy\s+ok$/,
      /^scheduler\s+Healthy\s+ok$/,
      /^etcd-0\s+Healthy\s+\{"health":"true","reason":""\}$/,
    ],
    stderr: ['Warning: v1 ComponentStatus is deprecated in v1.19+'],
  },
  {
    title: 'delete a componentstatus: not a verb the resource serves',
    args: ['delete', 'cs', 'scheduler'],
    exit: 1,
    stderr: [
      'Error from server (MethodNotAllowed): delete is not supported on resources of kind "componentstatuses"',
    ],
  },
  {
    title: 'get an object that does not exist',
    args: ['get', 'pod', 'nosuch', ...NS],
    exit: 1,
    stderr: ['Error from server (NotFound): pods "nosuch" not found'],
  },
  {
    title: 'cp: file copies are refused clearly',
    args: ['cp', '/etc/hostname', 'table/one-off:/tmp/hostname'],
    exit: 2,
    stderr: ['file copies are not simulated'],
  },
  {
    title: 'delete a deployment',
    args: ['delete', 'deployment', 'd', ...NS],
    stdout: ['deployment.apps "d" deleted from table namespace'],
  },
  {
    title: 'delete the namespace',
    args: ['delete', 'namespace', 'table', '--wait=false'],
    stdout: ['namespace "table" deleted'],
  },
];
