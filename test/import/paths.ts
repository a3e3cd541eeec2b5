/** Where the import tests find their inputs. */

/** The ONIX examples of the reference notes (`../shared/reference/examples/` from the repository root). */
export const EXAMPLES = new URL('../fixtures/reference-examples/', import.meta.url).pathname;

/** This suite's own ONIX fixtures. */
export const FIXTURES = new URL('../fixtures/import/', import.meta.url).pathname;
