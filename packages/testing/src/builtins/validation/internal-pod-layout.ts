/**
 * The Go structs of kube-apiserver's internal PodSpec (k8s.io/kubernetes v1.34.4,
 * pkg/apis/core), field by field in declaration order, as data: what `json.Marshal` of an
 * internal object prints, which validation messages of pod updates quote (see
 * internal-pod-spec.ts). Read off the types by reflection, not copied code.
 *
 * One struct per entry, `Name: field field ...` (continuation lines indented). A field is
 * `GoName[=v1name][~]:type`: the key printed (the Go name; lower-case names are the JSON tags of
 * the shared meta/v1 types), the v1 JSON field it converts from when that is not the Go name
 * with a lower-case first letter, `~` for omitempty, and the type: `s` string, `i` integer,
 * `b` bool, `f` float, `q` resource.Quantity, `t` metav1.Time, `x` IntOrString, a struct name,
 * or `*T` (pointer), `[]T` (slice), `{}T` (map with string keys). `^T` embeds struct T.
 */
export const internalPodSpecLayouts = `
HostPathVolumeSource: Path:s Type:*s
EmptyDirVolumeSource: Medium:s SizeLimit:*q
GCEPersistentDiskVolumeSource: PDName=pdName:s FSType=fsType:s Partition:i ReadOnly:b
AWSElasticBlockStoreVolumeSource: VolumeID:s FSType=fsType:s Partition:i ReadOnly:b
GitRepoVolumeSource: Repository:s Revision:s Directory:s
KeyToPath: Key:s Path:s Mode:*i
SecretVolumeSource: SecretName:s Items:[]KeyToPath DefaultMode:*i Optional:*b
NFSVolumeSource: Server:s Path:s ReadOnly:b
LocalObjectReference: Name:s
ISCSIVolumeSource: TargetPortal:s IQN=iqn:s Lun:i ISCSIInterface=iscsiInterface:s
  FSType=fsType:s ReadOnly:b Portals:[]s DiscoveryCHAPAuth=chapAuthDiscovery:b
  SessionCHAPAuth=chapAuthSession:b SecretRef:*LocalObjectReference InitiatorName:*s
GlusterfsVolumeSource: EndpointsName=endpoints:s Path:s ReadOnly:b
PersistentVolumeClaimVolumeSource: ClaimName:s ReadOnly:b
RBDVolumeSource: CephMonitors=monitors:[]s RBDImage=image:s FSType=fsType:s RBDPool=pool:s
  RadosUser=user:s Keyring:s SecretRef:*LocalObjectReference ReadOnly:b
QuobyteVolumeSource: Registry:s Volume:s ReadOnly:b User:s Group:s Tenant:s
FlexVolumeSource: Driver:s FSType=fsType:s SecretRef:*LocalObjectReference ReadOnly:b
  Options:{}s
CinderVolumeSource: VolumeID:s FSType=fsType:s ReadOnly:b SecretRef:*LocalObjectReference
CephFSVolumeSource: Monitors:[]s Path:s User:s SecretFile:s SecretRef:*LocalObjectReference
  ReadOnly:b
FlockerVolumeSource: DatasetName:s DatasetUUID:s
ObjectFieldSelector: APIVersion=apiVersion:s FieldPath:s
ResourceFieldSelector: ContainerName:s Resource:s Divisor:q
DownwardAPIVolumeFile: Path:s FieldRef:*ObjectFieldSelector
  ResourceFieldRef:*ResourceFieldSelector Mode:*i
DownwardAPIVolumeSource: Items:[]DownwardAPIVolumeFile DefaultMode:*i
FCVolumeSource: TargetWWNs:[]s Lun:*i FSType=fsType:s ReadOnly:b WWIDs=wwids:[]s
AzureFileVolumeSource: SecretName:s ShareName:s ReadOnly:b
ConfigMapVolumeSource: ^LocalObjectReference Items:[]KeyToPath DefaultMode:*i Optional:*b
VsphereVirtualDiskVolumeSource: VolumePath:s FSType=fsType:s StoragePolicyName:s
  StoragePolicyID:s
AzureDiskVolumeSource: DiskName:s DataDiskURI=diskURI:s CachingMode:*s FSType=fsType:*s
  ReadOnly:*b Kind:*s
PhotonPersistentDiskVolumeSource: PdID:s FSType=fsType:s
SecretProjection: ^LocalObjectReference Items:[]KeyToPath Optional:*b
DownwardAPIProjection: Items:[]DownwardAPIVolumeFile
ConfigMapProjection: ^LocalObjectReference Items:[]KeyToPath Optional:*b
ServiceAccountTokenProjection: Audience:s ExpirationSeconds:i Path:s
LabelSelectorRequirement: key:s operator:s values~:[]s
LabelSelector: matchLabels~:{}s matchExpressions~:[]LabelSelectorRequirement
ClusterTrustBundleProjection: Name:*s SignerName:*s LabelSelector:*LabelSelector Optional:*b
  Path:s
PodCertificateProjection: SignerName:s KeyType:s MaxExpirationSeconds:*i CredentialBundlePath:s
  KeyPath:s CertificateChainPath:s
VolumeProjection: Secret:*SecretProjection DownwardAPI:*DownwardAPIProjection
  ConfigMap:*ConfigMapProjection ServiceAccountToken:*ServiceAccountTokenProjection
  ClusterTrustBundle:*ClusterTrustBundleProjection PodCertificate:*PodCertificateProjection
ProjectedVolumeSource: Sources:[]VolumeProjection DefaultMode:*i
PortworxVolumeSource: VolumeID:s FSType=fsType:s ReadOnly:b
ScaleIOVolumeSource: Gateway:s System:s SecretRef:*LocalObjectReference SSLEnabled=sslEnabled:b
  ProtectionDomain:s StoragePool:s StorageMode:s VolumeName:s FSType=fsType:s ReadOnly:b
StorageOSVolumeSource: VolumeName:s VolumeNamespace:s FSType=fsType:s ReadOnly:b
  SecretRef:*LocalObjectReference
CSIVolumeSource: Driver:s ReadOnly:*b FSType=fsType:*s VolumeAttributes:{}s
  NodePublishSecretRef:*LocalObjectReference
OwnerReference: apiVersion:s kind:s name:s uid:s controller~:*b blockOwnerDeletion~:*b
ManagedFieldsEntry: manager~:s operation~:s apiVersion~:s time~:*t fieldsType~:s
  fieldsV1~:*FieldsV1 subresource~:s
ObjectMeta: name~:s generateName~:s namespace~:s selfLink~:s uid~:s resourceVersion~:s
  generation~:i creationTimestamp~:t deletionTimestamp~:*t deletionGracePeriodSeconds~:*i
  labels~:{}s annotations~:{}s ownerReferences~:[]OwnerReference finalizers~:[]s
  managedFields~:[]ManagedFieldsEntry
VolumeResourceRequirements: Limits:{}q Requests:{}q
TypedLocalObjectReference: APIGroup=apiGroup:*s Kind:s Name:s
TypedObjectReference: APIGroup=apiGroup:*s Kind:s Name:s Namespace:*s
PersistentVolumeClaimSpec: AccessModes:[]s Selector:*LabelSelector
  Resources:VolumeResourceRequirements VolumeName:s StorageClassName:*s VolumeMode:*s
  DataSource:*TypedLocalObjectReference DataSourceRef:*TypedObjectReference
  VolumeAttributesClassName:*s
PersistentVolumeClaimTemplate: ^ObjectMeta Spec:PersistentVolumeClaimSpec
EphemeralVolumeSource: VolumeClaimTemplate:*PersistentVolumeClaimTemplate
ImageVolumeSource: Reference:s PullPolicy:s
VolumeSource: HostPath:*HostPathVolumeSource EmptyDir:*EmptyDirVolumeSource
  GCEPersistentDisk=gcePersistentDisk:*GCEPersistentDiskVolumeSource
  AWSElasticBlockStore=awsElasticBlockStore:*AWSElasticBlockStoreVolumeSource
  GitRepo:*GitRepoVolumeSource Secret:*SecretVolumeSource NFS=nfs:*NFSVolumeSource
  ISCSI=iscsi:*ISCSIVolumeSource Glusterfs:*GlusterfsVolumeSource
  PersistentVolumeClaim:*PersistentVolumeClaimVolumeSource RBD=rbd:*RBDVolumeSource
  Quobyte:*QuobyteVolumeSource FlexVolume:*FlexVolumeSource Cinder:*CinderVolumeSource
  CephFS=cephfs:*CephFSVolumeSource Flocker:*FlockerVolumeSource
  DownwardAPI:*DownwardAPIVolumeSource FC=fc:*FCVolumeSource AzureFile:*AzureFileVolumeSource
  ConfigMap:*ConfigMapVolumeSource VsphereVolume:*VsphereVirtualDiskVolumeSource
  AzureDisk:*AzureDiskVolumeSource PhotonPersistentDisk:*PhotonPersistentDiskVolumeSource
  Projected:*ProjectedVolumeSource PortworxVolume:*PortworxVolumeSource
  ScaleIO:*ScaleIOVolumeSource StorageOS=storageos:*StorageOSVolumeSource
  CSI=csi:*CSIVolumeSource Ephemeral:*EphemeralVolumeSource Image:*ImageVolumeSource
Volume: Name:s ^VolumeSource
ContainerPort: Name:s HostPort:i ContainerPort:i Protocol:s HostIP:s
ConfigMapEnvSource: ^LocalObjectReference Optional:*b
SecretEnvSource: ^LocalObjectReference Optional:*b
EnvFromSource: Prefix:s ConfigMapRef:*ConfigMapEnvSource SecretRef:*SecretEnvSource
ConfigMapKeySelector: ^LocalObjectReference Key:s Optional:*b
SecretKeySelector: ^LocalObjectReference Key:s Optional:*b
FileKeySelector: VolumeName:s Path:s Key:s Optional:*b
EnvVarSource: FieldRef:*ObjectFieldSelector ResourceFieldRef:*ResourceFieldSelector
  ConfigMapKeyRef:*ConfigMapKeySelector SecretKeyRef:*SecretKeySelector
  FileKeyRef:*FileKeySelector
EnvVar: Name:s Value:s ValueFrom:*EnvVarSource
ResourceClaim: Name:s Request:s
ResourceRequirements: Limits:{}q Requests:{}q Claims:[]ResourceClaim
ContainerResizePolicy: ResourceName:s RestartPolicy:s
ContainerRestartRuleOnExitCodes: Operator:s Values:[]i
ContainerRestartRule: Action:s ExitCodes:*ContainerRestartRuleOnExitCodes
VolumeMount: Name:s ReadOnly:b RecursiveReadOnly:*s MountPath:s SubPath:s MountPropagation:*s
  SubPathExpr:s
VolumeDevice: Name:s DevicePath:s
ExecAction: Command:[]s
HTTPHeader: Name:s Value:s
HTTPGetAction: Path:s Port:x Host:s Scheme:s HTTPHeaders=httpHeaders:[]HTTPHeader
TCPSocketAction: Port:x Host:s
GRPCAction: Port:i Service:*s
ProbeHandler: Exec:*ExecAction HTTPGet=httpGet:*HTTPGetAction
  TCPSocket=tcpSocket:*TCPSocketAction GRPC=grpc:*GRPCAction
Probe: ^ProbeHandler InitialDelaySeconds:i TimeoutSeconds:i PeriodSeconds:i SuccessThreshold:i
  FailureThreshold:i TerminationGracePeriodSeconds:*i
SleepAction: Seconds:i
LifecycleHandler: Exec:*ExecAction HTTPGet=httpGet:*HTTPGetAction
  TCPSocket=tcpSocket:*TCPSocketAction Sleep:*SleepAction
Lifecycle: PostStart:*LifecycleHandler PreStop:*LifecycleHandler StopSignal:*s
Capabilities: Add:[]s Drop:[]s
SELinuxOptions: User:s Role:s Type:s Level:s
WindowsSecurityContextOptions: GMSACredentialSpecName=gmsaCredentialSpecName:*s
  GMSACredentialSpec=gmsaCredentialSpec:*s RunAsUserName:*s HostProcess:*b
SeccompProfile: Type:s LocalhostProfile:*s
AppArmorProfile: Type:s LocalhostProfile:*s
SecurityContext: Capabilities:*Capabilities Privileged:*b
  SELinuxOptions=seLinuxOptions:*SELinuxOptions WindowsOptions:*WindowsSecurityContextOptions
  RunAsUser:*i RunAsGroup:*i RunAsNonRoot:*b ReadOnlyRootFilesystem:*b
  AllowPrivilegeEscalation:*b ProcMount:*s SeccompProfile:*SeccompProfile
  AppArmorProfile:*AppArmorProfile
Container: Name:s Image:s Command:[]s Args:[]s WorkingDir:s Ports:[]ContainerPort
  EnvFrom:[]EnvFromSource Env:[]EnvVar Resources:ResourceRequirements
  ResizePolicy:[]ContainerResizePolicy RestartPolicy:*s
  RestartPolicyRules:[]ContainerRestartRule VolumeMounts:[]VolumeMount
  VolumeDevices:[]VolumeDevice LivenessProbe:*Probe ReadinessProbe:*Probe StartupProbe:*Probe
  Lifecycle:*Lifecycle TerminationMessagePath:s TerminationMessagePolicy:s ImagePullPolicy:s
  SecurityContext:*SecurityContext Stdin:b StdinOnce:b TTY=tty:b
EphemeralContainerCommon: Name:s Image:s Command:[]s Args:[]s WorkingDir:s Ports:[]ContainerPort
  EnvFrom:[]EnvFromSource Env:[]EnvVar Resources:ResourceRequirements
  ResizePolicy:[]ContainerResizePolicy RestartPolicy:*s
  RestartPolicyRules:[]ContainerRestartRule VolumeMounts:[]VolumeMount
  VolumeDevices:[]VolumeDevice LivenessProbe:*Probe ReadinessProbe:*Probe StartupProbe:*Probe
  Lifecycle:*Lifecycle TerminationMessagePath:s TerminationMessagePolicy:s ImagePullPolicy:s
  SecurityContext:*SecurityContext Stdin:b StdinOnce:b TTY=tty:b
EphemeralContainer: ^EphemeralContainerCommon TargetContainerName:s
Sysctl: Name:s Value:s
PodSecurityContext: HostNetwork:b HostPID:b HostIPC:b ShareProcessNamespace:*b HostUsers:*b
  SELinuxOptions=seLinuxOptions:*SELinuxOptions WindowsOptions:*WindowsSecurityContextOptions
  RunAsUser:*i RunAsGroup:*i RunAsNonRoot:*b SupplementalGroups:[]i SupplementalGroupsPolicy:*s
  FSGroup=fsGroup:*i FSGroupChangePolicy=fsGroupChangePolicy:*s Sysctls:[]Sysctl
  SeccompProfile:*SeccompProfile AppArmorProfile:*AppArmorProfile
  SELinuxChangePolicy=seLinuxChangePolicy:*s
NodeSelectorRequirement: Key:s Operator:s Values:[]s
NodeSelectorTerm: MatchExpressions:[]NodeSelectorRequirement
  MatchFields:[]NodeSelectorRequirement
NodeSelector: NodeSelectorTerms:[]NodeSelectorTerm
PreferredSchedulingTerm: Weight:i Preference:NodeSelectorTerm
NodeAffinity: RequiredDuringSchedulingIgnoredDuringExecution:*NodeSelector
  PreferredDuringSchedulingIgnoredDuringExecution:[]PreferredSchedulingTerm
PodAffinityTerm: LabelSelector:*LabelSelector Namespaces:[]s TopologyKey:s
  NamespaceSelector:*LabelSelector MatchLabelKeys:[]s MismatchLabelKeys:[]s
WeightedPodAffinityTerm: Weight:i PodAffinityTerm:PodAffinityTerm
PodAffinity: RequiredDuringSchedulingIgnoredDuringExecution:[]PodAffinityTerm
  PreferredDuringSchedulingIgnoredDuringExecution:[]WeightedPodAffinityTerm
PodAntiAffinity: RequiredDuringSchedulingIgnoredDuringExecution:[]PodAffinityTerm
  PreferredDuringSchedulingIgnoredDuringExecution:[]WeightedPodAffinityTerm
Affinity: NodeAffinity:*NodeAffinity PodAffinity:*PodAffinity PodAntiAffinity:*PodAntiAffinity
Toleration: Key:s Operator:s Value:s Effect:s TolerationSeconds:*i
HostAlias: IP=ip:s Hostnames:[]s
PodDNSConfigOption: Name:s Value:*s
PodDNSConfig: Nameservers:[]s Searches:[]s Options:[]PodDNSConfigOption
PodReadinessGate: ConditionType:s
TopologySpreadConstraint: MaxSkew:i TopologyKey:s WhenUnsatisfiable:s
  LabelSelector:*LabelSelector MinDomains:*i NodeAffinityPolicy:*s NodeTaintsPolicy:*s
  MatchLabelKeys:[]s
PodOS: Name:s
PodSchedulingGate: Name:s
PodResourceClaim: Name:s ResourceClaimName:*s ResourceClaimTemplateName:*s
PodSpec: Volumes:[]Volume InitContainers:[]Container Containers:[]Container
  EphemeralContainers:[]EphemeralContainer RestartPolicy:s TerminationGracePeriodSeconds:*i
  ActiveDeadlineSeconds:*i DNSPolicy=dnsPolicy:s NodeSelector:{}s ServiceAccountName:s
  AutomountServiceAccountToken:*b NodeName:s SecurityContext:*PodSecurityContext
  ImagePullSecrets:[]LocalObjectReference Hostname:s Subdomain:s SetHostnameAsFQDN:*b
  Affinity:*Affinity SchedulerName:s Tolerations:[]Toleration HostAliases:[]HostAlias
  PriorityClassName:s Priority:*i PreemptionPolicy:*s DNSConfig=dnsConfig:*PodDNSConfig
  ReadinessGates:[]PodReadinessGate RuntimeClassName:*s Overhead:{}q EnableServiceLinks:*b
  TopologySpreadConstraints:[]TopologySpreadConstraint OS=os:*PodOS
  SchedulingGates:[]PodSchedulingGate ResourceClaims:[]PodResourceClaim
  Resources:*ResourceRequirements HostnameOverride:*s
`;
