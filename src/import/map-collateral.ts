/**
 * `<CollateralDetail>` (Block 2) -> the long description (TextType 03), the short description (TextType 02) and the
 * front cover link (SupportingResource of type 01, an image, reachable over https).
 */
import type { Title } from '../catalog/title.ts';
import { takeTyped, withCode, type MapContext } from './map-context.ts';
import { childrenNamed, take, type OnixNode } from './onix-node.ts';
import { plainText, richText, type ConvertedText } from './text-content.ts';

/** The fields of a title that CollateralDetail carries. */
export type CollateralFields = Pick<Title, 'descriptions' | 'cover'>;

const LOSSY_MARKUP = 'markup outside the XHTML subset (p, br, em, strong, b, i, ul, ol, li) was left out';

/** Maps CollateralDetail (absent: no descriptions, no cover). */
export function mapCollateralDetail(detail: OnixNode | undefined, ctx: MapContext): CollateralFields {
  const long = textOfType(detail, '03', richText);
  const short = textOfType(detail, '02', plainText);
  if (long?.lossy) ctx.note({ path: 'CollateralDetail/TextContent/Text', value: 'TextType 03', reason: LOSSY_MARKUP });
  if (short?.lossy) ctx.note({ path: 'CollateralDetail/TextContent/Text', value: 'TextType 02', reason: 'the short description is plain text; its markup was left out' });
  return { descriptions: { long: long?.text || undefined, short: short?.text || undefined }, cover: mapCover(detail) };
}

/** The first Text of the first TextContent of `type`. */
function textOfType(detail: OnixNode | undefined, type: string, convert: (node: OnixNode) => ConvertedText): ConvertedText | undefined {
  const content = withCode(detail, 'TextContent', 'TextType', type)[0];
  const text = content && childrenNamed(content, 'Text')[0];
  if (!text) return undefined;
  takeTyped(content, 'TextType');
  for (const audience of childrenNamed(content, 'ContentAudience')) audience.used = true;
  text.used = true;
  return convert(text);
}

/** The first https link of a front cover image resource. */
function mapCover(detail: OnixNode | undefined): string | undefined {
  for (const resource of withCode(detail, 'SupportingResource', 'ResourceContentType', '01')) {
    if (resource.children.find((c) => c.name === 'ResourceMode')?.text.trim() !== '03') continue;
    for (const version of childrenNamed(resource, 'ResourceVersion')) {
      const link = version.children.find((c) => c.name === 'ResourceLink');
      const url = link?.text.trim();
      if (!url || !/^https:\/\/\S+$/.test(url)) {
        resource.reason = 'the cover link of a title file must be an https URL';
        continue;
      }
      takeTyped(resource, 'ResourceContentType');
      take(resource, 'ResourceMode');
      for (const audience of childrenNamed(resource, 'ContentAudience')) audience.used = true;
      takeTyped(version, 'ResourceForm');
      link!.used = true;
      return url;
    }
  }
  return undefined;
}
