/**
 * Grid data providers (Electricity Maps, Carbon Aware SDK WebAPI, WattTime): what a provider returns
 * is plain data (GridSeries), handed to src/carbon as hourly figures. Only this directory does I/O.
 */

export const GRID_PROVIDERS = ['offline', 'electricitymaps', 'carbon-aware-sdk', 'watttime'] as const;
export type GridChoice = (typeof GRID_PROVIDERS)[number];
export type GridProviderName = Exclude<GridChoice, 'offline'>;

/** average = the grid mix; marginal = the generator answering the next unit of demand. */
export type GridSignal = 'average' | 'marginal';

/** One figure of a provider, in gCO2e/kWh, for [start, start + durationSeconds). */
export interface GridPoint {
  /** ISO 8601 start. */
  start: string;
  durationSeconds: number;
  value: number;
  /** history = measured past, latest = the provider's newest measured figure, forecast = predicted. */
  kind: 'history' | 'latest' | 'forecast';
  estimated?: boolean;
}

export interface GridSeries {
  provider: GridProviderName;
  /** Cloud region the series is for. */
  region: string;
  /** The provider's zone, location or region name. */
  zone: string;
  signal: GridSignal;
  /** lifecycle / direct (average signals) or marginal. */
  basis: 'lifecycle' | 'direct' | 'marginal';
  /** When kcarbon fetched it (or the cached copy was fetched). */
  fetchedAt: string;
  points: GridPoint[];
  /** WattTime signal index: percentile (0-100) of the current marginal rate, with its time. */
  index?: { percent: number; at: string };
  /** Endpoints that answered, and parts that did not (e.g. a forecast the plan does not include). */
  endpoints: string[];
  notes: string[];
  /** Network requests made for this series (0 = everything came from the disk cache). */
  requests: number;
}

/** What a command asks a provider for: one region, around the assessment time. */
export interface GridRequest {
  region: string;
  /** Provider zone/location/region, resolved from config. */
  zone: string;
  /** The assessment time. */
  at: Date;
  /** Forecast horizon wanted (hours after `at`). */
  horizonHours: number;
  /** History wanted (hours before `at`). */
  historyHours: number;
  /** A period whose hours are wanted too (a Prometheus period: --since/--from/--to), anywhere in the past. */
  history?: { from: Date; to: Date };
  /** Run length for a best-window request (Carbon Aware SDK windowSize), in minutes. */
  windowMinutes?: number;
}

export interface GridCredentials {
  electricityMapsToken?: string;
  wattTimeUsername?: string;
  wattTimePassword?: string;
}
