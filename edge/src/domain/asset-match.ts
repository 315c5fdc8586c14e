import type { z } from 'zod';
import type { AssetMatchSchema } from '../config-schema.js';

export type AssetMatch = z.infer<typeof AssetMatchSchema>;

export interface AssetIdentity {
  siteId: string;
  assetId: string;
  type: string | undefined;
}

/** Whether a rule's `match` covers an asset; an empty match covers every asset. */
export function matchesAsset(match: AssetMatch, asset: AssetIdentity): boolean {
  if (match.sites && !match.sites.includes(asset.siteId)) return false;
  if (match.ids && !match.ids.includes(asset.assetId)) return false;
  if (match.types && (asset.type === undefined || !match.types.includes(asset.type))) return false;
  if (match.pattern && !globToRegExp(match.pattern).test(asset.assetId)) return false;
  return true;
}

const globCache = new Map<string, RegExp>();

function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    re = new RegExp(`^${glob.replace(/[-_]/g, (c) => `\\${c}`).replace(/\*/g, '.*')}$`);
    globCache.set(glob, re);
  }
  return re;
}
