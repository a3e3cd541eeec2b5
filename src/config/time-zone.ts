/**
 * IANA time zone names as the schedule uses them: checked against the zone data of the running Node (ICU), with a
 * suggestion for a near miss.
 */
import { closestMatch } from './suggest.ts';

let zones: string[] | undefined;

/** Why `name` is not a usable IANA time zone (with what to write instead), or undefined when it is one. */
export function timeZoneProblem(name: string): string | undefined {
  // Offsets such as +01:00 are accepted by newer ICU builds, but they have no daylight saving rules: refuse them.
  const canonical = /^[A-Za-z]/.test(name) ? resolve(name) : undefined;
  if (canonical !== undefined && canonical.toLowerCase() !== name.toLowerCase()) return undefined; // a known alias
  if (canonical === name) return undefined;
  if (canonical !== undefined) return `time zone '${name}' must be written '${canonical}'`;
  const suggestion = suggestTimeZone(name);
  const hint = suggestion ? `; did you mean '${suggestion}'?` : '; use an IANA name such as Europe/London, America/New_York or UTC';
  return `unknown time zone '${name}'${hint}`;
}

/** The known zone closest to `name`: by full name, or by its city part ("new york" -> America/New_York). */
export function suggestTimeZone(name: string): string | undefined {
  zones ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  const cleaned = name.trim().replace(/\s+/g, '_');
  const byName = closestMatch(cleaned, zones);
  if (byName) return byName;
  const city = cleaned.split('/').pop() ?? cleaned;
  const cities = new Map(zones.map((zone) => [zone.split('/').pop() ?? zone, zone]));
  const byCity = closestMatch(city, cities.keys());
  return byCity === undefined ? undefined : cities.get(byCity);
}

// Creating a formatter costs ~0.1 ms; `plan` checks thousands of tenants that share a few zones.
const resolved = new Map<string, string | undefined>();

function resolve(name: string): string | undefined {
  if (!resolved.has(name)) {
    try {
      resolved.set(name, new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone);
    } catch {
      resolved.set(name, undefined);
    }
  }
  return resolved.get(name);
}
