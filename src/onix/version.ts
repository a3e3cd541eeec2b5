/** What differs between the ONIX releases this writer can emit. */
import type { OnixVersion } from '../config/tenant.ts';

/** Namespace, release attribute, file-name tag and schema folder of one ONIX release. */
export interface OnixRelease {
  version: OnixVersion;
  namespace: string;
  /** `onix31` or `onix30`, as used in file names. */
  fileTag: string;
  /** Whether `ProductSupply` may carry `MarketReference` (new in 3.1). */
  marketReference: boolean;
}

const RELEASES: Record<OnixVersion, OnixRelease> = {
  '3.1': { version: '3.1', namespace: 'http://ns.editeur.org/onix/3.1/reference', fileTag: 'onix31', marketReference: true },
  '3.0': { version: '3.0', namespace: 'http://ns.editeur.org/onix/3.0/reference', fileTag: 'onix30', marketReference: false },
};

/** The release details for a tenant's configured ONIX version. */
export function onixRelease(version: OnixVersion): OnixRelease {
  return RELEASES[version];
}
