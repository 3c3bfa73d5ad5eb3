/** The version of the @kubekit packages a new project depends on (this package's own version). */
export const kubekitVersion = '0.1.0';
