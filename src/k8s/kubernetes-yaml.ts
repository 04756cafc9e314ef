// kubectl and Helm read YAML with go-yaml, which honours `<<` merge keys (`<<: *defaults`), a
// common way to share settings between kubeconfig entries or manifests. The yaml package follows
// YAML 1.2 by default, where `<<` is an ordinary key: every YAML a user gives us is read this way.
export const KUBERNETES_YAML = { merge: true } as const;
