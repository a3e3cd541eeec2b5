/**
 * A small, valid tenant config for tests about schedules: an ONIX tenant on amazon.com with a daily schedule.
 */
export interface TenantYamlOptions {
  /** Sender email; tests change it to make an edit that is not a schedule edit. */
  email?: string;
  hour?: number;
  /** Omitted from the file when undefined (the default, UTC, applies). */
  timezone?: string;
  /** Lines appended at the end of the file. */
  extra?: string;
}

export function tenantYaml({ email = 'meta@test.example', hour = 6, timezone, extra = '' }: TenantYamlOptions = {}): string {
  return `name: Schedule Test
sender: { name: Schedule Test Press, email: ${email} }
amazon:
  region: na
  marketplaceIds: [ATVPDKIKX0DER]
  delivery: { format: onix }
schedule:
  frequency: daily
  hour: ${hour}
${timezone ? `  timezone: ${timezone}\n` : ''}  titles: changed
${extra}`;
}
