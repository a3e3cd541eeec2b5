/** The parts of an ONIX message around its products: XML declaration, root element and `<Header>`. */
import type { TenantConfig } from '../config/tenant.ts';
import { sentDateTime } from './dates.ts';
import { escapeXml as x } from './escape.ts';
import type { OnixRelease } from './version.ts';

/** What the header says besides the tenant's sender. */
export interface HeaderOptions {
  release: OnixRelease;
  messageNumber: number;
  sentAt: Date;
}

/**
 * Everything before the first `<Product>`: declaration, root and header, one per line, ending with a newline.
 * None of the Default* header elements deprecated in 3.1: each product says its language, price type and currency.
 */
export function messageHeader(sender: TenantConfig['sender'], options: HeaderOptions): string {
  let s = '<Sender>';
  if (sender.gln) s += `<SenderIdentifier><SenderIDType>06</SenderIDType><IDValue>${x(sender.gln)}</IDValue></SenderIdentifier>`;
  s += `<SenderName>${x(sender.name)}</SenderName>`;
  if (sender.contact) s += `<ContactName>${x(sender.contact)}</ContactName>`;
  s += `<EmailAddress>${x(sender.email)}</EmailAddress></Sender>`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<ONIXMessage release="${options.release.version}" xmlns="${options.release.namespace}">\n` +
    `<Header>${s}<Addressee><AddresseeName>Amazon</AddresseeName></Addressee>` +
    `<MessageNumber>${options.messageNumber}</MessageNumber><SentDateTime>${sentDateTime(options.sentAt)}</SentDateTime></Header>\n`
  );
}

/** Closes the message. */
export const MESSAGE_FOOTER = '</ONIXMessage>\n';
