/**
 * The manifests of a new operator: its CRD, least-privilege RBAC, and a Deployment with leader
 * election, probes and metrics.
 * @packageDocumentation
 */
import type { OperatorNames } from '../operator-options';

/** `deploy/crd.yaml`: the input of kubekit-gen and of `kubectl apply`. */
export function crdYaml(n: OperatorNames): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${n.plural}.${n.group}
spec:
  group: ${n.group}
  scope: Namespaced
  names:
    kind: ${n.kind}
    listKind: ${n.kind}List
    plural: ${n.plural}
    singular: ${n.singular}
  versions:
    - name: ${n.version}
      served: true
      storage: true
      subresources:
        status: {}
      additionalPrinterColumns:
        - name: ConfigMap
          type: string
          jsonPath: .status.configMap
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [data]
              properties:
                data:
                  type: object
                  description: Copied into a ConfigMap of the same name.
                  additionalProperties:
                    type: string
            status:
              type: object
              properties:
                configMap:
                  type: string
                  description: The ConfigMap holding spec.data.
                observedGeneration:
                  type: integer
                  format: int64
`;
}

/** `deploy/rbac.yaml`: exactly what the controller does, nothing more. */
export function rbacYaml(n: OperatorNames): string {
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${n.name}
  namespace: ${n.name}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${n.name}
rules:
  # watch ${n.kind}s, add and remove the finalizer (patch), write status
  - apiGroups: [${n.group}]
    resources: [${n.plural}]
    verbs: [get, list, watch, patch]
  - apiGroups: [${n.group}]
    resources: [${n.plural}/status]
    verbs: [patch]
  # owner references with blockOwnerDeletion need update on the owner's finalizers
  - apiGroups: [${n.group}]
    resources: [${n.plural}/finalizers]
    verbs: [update]
  # the owned ConfigMaps: watched, and written by server-side apply (patch)
  - apiGroups: ['']
    resources: [configmaps]
    verbs: [get, list, watch, create, patch]
  - apiGroups: ['']
    resources: [events]
    verbs: [create, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ${n.name}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${n.name}
subjects:
  - kind: ServiceAccount
    name: ${n.name}
    namespace: ${n.name}
---
# leader election: one Lease in the operator's namespace
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${n.name}-leader-election
  namespace: ${n.name}
rules:
  - apiGroups: [coordination.k8s.io]
    resources: [leases]
    verbs: [get, create, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${n.name}-leader-election
  namespace: ${n.name}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ${n.name}-leader-election
subjects:
  - kind: ServiceAccount
    name: ${n.name}
    namespace: ${n.name}
`;
}

/** `deploy/deployment.yaml`: two replicas (one leads), probes on :8081, metrics on :8080. */
export function deploymentYaml(n: OperatorNames): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${n.name}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${n.name}
  namespace: ${n.name}
  labels:
    app.kubernetes.io/name: ${n.name}
spec:
  replicas: 2 # leader election: one reconciles, the other waits with warm caches
  selector:
    matchLabels:
      app.kubernetes.io/name: ${n.name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${n.name}
    spec:
      serviceAccountName: ${n.name}
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: operator
          image: ${n.name}:latest
          ports:
            - name: metrics
              containerPort: 8080
            - name: probes
              containerPort: 8081
          livenessProbe:
            httpGet:
              path: /healthz
              port: probes
            initialDelaySeconds: 5
          readinessProbe:
            httpGet:
              path: /readyz
              port: probes
          resources:
            requests:
              cpu: 50m
              memory: 64Mi
            limits:
              memory: 256Mi
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [ALL]
`;
}
