/**
 * `<ProductSupply>` (Block 6) -> the title's markets: countries, availability, supplier, on-sale date, prices or the
 * reason there are none. A market whose territory or availability the model cannot state is left out whole (and so
 * reported), rather than carried over with a different meaning.
 */
import type { Price, SalesRights, Supply } from '../catalog/title.ts';
import { ON_SALE_SUPPLY_DATE_ROLE } from '../onix/codes.ts';
import { AVAILABILITY_BY_CODE, PRICE_TYPE_BY_CODE, UNPRICED_BY_CODE } from './codes.ts';
import { readTerritory, takeDay, takeTerritory, takeTyped, withCode, type MapContext } from './map-context.ts';
import { childrenNamed, take, takeText, type OnixNode } from './onix-node.ts';

const MARKET_LABEL = /^[A-Za-z0-9_-]{1,20}$/;
/** ONIX List 59: the consumer price, which is what an untyped title price means. */
const CONSUMER_PRICE_QUALIFIER = '05';

/** Maps every ProductSupply of the product; `salesRights` stands in for a missing `<Market>`. */
export function mapProductSupply(product: OnixNode, salesRights: SalesRights[], ctx: MapContext): Supply[] {
  const supply: Supply[] = [];
  for (const node of childrenNamed(product, 'ProductSupply')) {
    const entry = mapOneSupply(node, salesRights, ctx);
    if (!entry) continue;
    entry.market = uniqueLabel(entry.market, supply);
    supply.push(entry);
  }
  return supply;
}

function mapOneSupply(node: OnixNode, salesRights: SalesRights[], ctx: MapContext): Supply | undefined {
  const detail = childrenNamed(node, 'SupplyDetail')[0];
  const availabilityCode = detail?.children.find((c) => c.name === 'ProductAvailability')?.text.trim() ?? '';
  const availability = AVAILABILITY_BY_CODE.get(availabilityCode);
  if (!detail || !availability) {
    node.reason = detail ? `ProductAvailability ${availabilityCode} has no equivalent in the title model` : 'no SupplyDetail';
    return undefined;
  }
  const countries = marketCountries(node, salesRights, ctx);
  if (!countries) {
    node.reason = 'a market is countries or WORLD in a title file; this one names other regions or excludes places';
    return undefined;
  }
  node.used = true;
  detail.used = true;
  take(detail, 'ProductAvailability');
  const reference = takeText(node, 'MarketReference');
  const supplyDate = withCode(detail, 'SupplyDate', 'SupplyDateRole', ON_SALE_SUPPLY_DATE_ROLE)[0];
  const onSaleDate = supplyDate && takeDay(supplyDate);
  if (onSaleDate) takeTyped(supplyDate, 'SupplyDateRole');
  const prices: Price[] = [];
  let unpriced = UNPRICED_BY_CODE.get(detail.children.find((c) => c.name === 'UnpricedItemType')?.text.trim() ?? '');
  if (unpriced) take(detail, 'UnpricedItemType');
  for (const priceNode of childrenNamed(detail, 'Price')) {
    const price = mapPrice(priceNode, ctx);
    if (price === undefined) continue;
    if (typeof price === 'string') unpriced ??= price;
    else prices.push(price);
  }
  return {
    market: reference && MARKET_LABEL.test(reference) ? reference : labelFor(countries),
    countries,
    availability,
    supplier: mapSupplier(detail, ctx),
    onSaleDate,
    prices,
    unpriced: prices.length > 0 ? undefined : unpriced,
  };
}

/** The market's countries (and WORLD); without `<Market>`, where the title has sales rights. */
function marketCountries(node: OnixNode, salesRights: SalesRights[], ctx: MapContext): string[] | undefined {
  const market = childrenNamed(node, 'Market')[0];
  if (!market) {
    const forSale = salesRights.filter((r) => r.type !== 'not-for-sale').flatMap((r) => [...(r.countries ?? []), ...(r.regions ?? [])]);
    const countries = forSale.length > 0 && !forSale.includes('WORLD') ? [...new Set(forSale)] : ['WORLD'];
    ctx.note({ path: 'ProductSupply', reason: `no <Market>: taken as the market where the title is for sale (${countries.join(' ')})` });
    return countries;
  }
  const territory = market.children.find((c) => c.name === 'Territory');
  const places = readTerritory(territory);
  // A market's places are countries or the whole world; other regions (ECZ, GB-EWS) have no place in the model.
  if (!places || places.regions.some((r) => r !== 'WORLD')) return undefined;
  const all = [...places.countries, ...places.regions];
  if (all.length === 0) return undefined;
  takeTerritory(territory);
  market.used = true;
  return all;
}

/** A Price, the unpriced type it carries instead of an amount, or undefined (nothing marked) when it cannot be held. */
function mapPrice(node: OnixNode, ctx: MapContext): Price | Supply['unpriced'] | undefined {
  const value = (name: string): string | undefined => node.children.find((c) => c.name === name)?.text.trim();
  const unpriced = UNPRICED_BY_CODE.get(value('UnpricedItemType') ?? '');
  const amount = value('PriceAmount') ?? '';
  if (!amount && unpriced) {
    node.used = true;
    take(node, 'UnpricedItemType');
    return unpriced;
  }
  const typeCode = value('PriceType') ?? ctx.message.defaults.priceType;
  const type = PRICE_TYPE_BY_CODE.get(typeCode ?? '');
  const currency = value('CurrencyCode') ?? ctx.message.defaults.currency;
  const qualifier = value('PriceQualifier');
  const territory = node.children.find((c) => c.name === 'Territory');
  const countries = territory && priceCountries(territory);
  if (!type) node.reason = typeCode ? `PriceType ${typeCode} has no equivalent in the title model` : 'no PriceType (and no DefaultPriceType in the header)';
  else if (!currency) node.reason = 'no CurrencyCode (and no DefaultCurrencyCode in the header)';
  else if (!/^\d+(\.\d+)?$/.test(amount)) node.reason = 'no PriceAmount';
  else if (qualifier !== undefined && qualifier !== CONSUMER_PRICE_QUALIFIER) node.reason = `PriceQualifier ${qualifier}: a title's prices are consumer prices`;
  else if (territory && !countries) node.reason = 'a price territory is countries in a title file; this one names regions or excludes places';
  if (!type || !currency || node.reason) return undefined;
  node.used = true;
  take(node, 'PriceType');
  take(node, 'PriceAmount');
  take(node, 'CurrencyCode');
  take(node, 'PriceQualifier');
  takeTerritory(territory);
  return { amount: Number(amount), currency, type, countries: countries && countries.length > 0 ? countries : undefined };
}

/** The countries of a price territory; WORLD alone means the whole market (no countries). Undefined for anything else. */
function priceCountries(territory: OnixNode): string[] | undefined {
  const places = readTerritory(territory);
  if (!places) return undefined;
  const { countries, regions } = places;
  if (regions.length === 0) return countries;
  return regions.length === 1 && regions[0] === 'WORLD' && countries.length === 0 ? [] : undefined;
}

/**
 * The supplier override, or undefined for the tenant's own supplier (role 01, same name and GLN), which the writer
 * adds by itself. A role other than 01 for the default or 03 for an override cannot be sent again, so it stays
 * unmarked (reported).
 */
function mapSupplier(detail: OnixNode, ctx: MapContext): Supply['supplier'] {
  const supplier = detail.children.find((c) => c.name === 'Supplier');
  const name = supplier?.children.find((c) => c.name === 'SupplierName')?.text.trim();
  if (!supplier || !name) return undefined;
  supplier.used = true;
  take(supplier, 'SupplierName');
  const glnNode = withCode(supplier, 'SupplierIdentifier', 'SupplierIDType', '06')[0];
  const gln = glnNode && takeText(takeTyped(glnNode, 'SupplierIDType'), 'IDValue');
  const role = supplier.children.find((c) => c.name === 'SupplierRole');
  const isDefault = name === ctx.supplier.name && gln === ctx.supplier.gln;
  if (role && role.text.trim() === (isDefault ? '01' : '03')) role.used = true;
  else if (role) role.reason = isDefault ? "the tenant's own supplier is sent with role 01" : 'a supplier named in a title file is sent with role 03 (distributor)';
  if (isDefault && role?.used) return undefined;
  return { name, gln };
}

/** A market label from the market's first place: `gb`, `world`. */
function labelFor(countries: string[]): string {
  return countries[0].toLowerCase().replace(/[^a-z0-9_-]/g, '').slice(0, 20) || 'market';
}

/** `label`, or `label-2`, `label-3`... when an earlier market of the title already uses it. */
function uniqueLabel(label: string, earlier: Supply[]): string {
  const taken = new Set(earlier.map((s) => s.market));
  if (!taken.has(label)) return label;
  for (let n = 2; ; n++) {
    const candidate = `${label.slice(0, 17)}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
