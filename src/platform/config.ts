/**
 * One typed configuration schema for a node (STYLE: "configuration sprawl" anti-pattern).
 * Every key, its default and the reason it exists live here; `loadConfig` checks it at boot and fails fast
 * with the name of the bad variable.
 */
import { Type, type Static } from 'typebox';
import Value from 'typebox/value';

export const ConfigSchema = Type.Object({
  /** Interface to bind. Loopback unless told otherwise (a laptop demo must not expose battery data). */
  host: Type.String({ default: '127.0.0.1' }),
  /** 0 = let the OS choose; no port is assumed free. */
  port: Type.Integer({ minimum: 0, maximum: 65535, default: 0 }),
  /** Public base URL of this node (did:web and links in QR codes). Derived from host:port when empty. */
  publicUrl: Type.String({ default: '' }),
  /** PostgreSQL URL for production; empty = embedded PGlite. */
  databaseUrl: Type.String({ default: '' }),
  /** PGlite data directory; empty = in memory. */
  dataDir: Type.String({ default: '' }),
  logLevel: Type.Union(
    [Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')],
    { default: 'info' },
  ),
  /** Request body ceiling: passports with full composition are ~100 kB; 1 MiB leaves room and stops abuse. */
  bodyLimitBytes: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024, default: 1024 * 1024 }),
  /** Maximum lifetime accepted for participant JWTs (short-lived bearer tokens limit replay). */
  maxTokenTtlSeconds: Type.Integer({ minimum: 30, maximum: 3600, default: 600 }),
  /** Clock skew tolerated when checking token times. */
  clockSkewSeconds: Type.Integer({ minimum: 0, maximum: 300, default: 30 }),
  /** Comma-separated DIDs of dataspace authorities whose credentials this node accepts on DSP calls. */
  trustedIssuers: Type.String({ default: '' }),
  /** DSP outbox: idle wait between passes when nothing is due (ms). */
  dspOutboxIdleMs: Type.Integer({ minimum: 10, maximum: 60_000, default: 500 }),
  /** DSP: a negotiation or transfer waiting longer than this for the other side is terminated, s (0 = never). */
  dspPendingTimeoutS: Type.Integer({ minimum: 0, maximum: 30 * 86_400, default: 86_400 }),
  /** Digital twin: battery time between two passport snapshots (the bounded rate of dynamic-attribute updates), s. */
  twinSnapshotIntervalS: Type.Integer({ minimum: 1, maximum: 86_400 * 31, default: 900 }),
  /** MQTT broker the twin ingest subscribes to (any MQTT 3.1.1/5 broker); empty = no MQTT ingest on this node. */
  mqttUrl: Type.String({ default: '' }),
  /** Allow did:web resolution over plain http for loopback hosts (local dataspace only). */
  allowInsecureDidWebLoopback: Type.Boolean({ default: true }),
});
export type Config = Static<typeof ConfigSchema>;

const ENV: Record<keyof Config, string> = {
  host: 'HOST',
  port: 'PORT',
  publicUrl: 'PUBLIC_URL',
  databaseUrl: 'DATABASE_URL',
  dataDir: 'DATA_DIR',
  logLevel: 'LOG_LEVEL',
  bodyLimitBytes: 'BODY_LIMIT_BYTES',
  maxTokenTtlSeconds: 'MAX_TOKEN_TTL_SECONDS',
  clockSkewSeconds: 'CLOCK_SKEW_SECONDS',
  allowInsecureDidWebLoopback: 'ALLOW_INSECURE_DID_WEB_LOOPBACK',
  trustedIssuers: 'TRUSTED_ISSUERS',
  dspOutboxIdleMs: 'DSP_OUTBOX_IDLE_MS',
  twinSnapshotIntervalS: 'TWIN_SNAPSHOT_INTERVAL_S',
  dspPendingTimeoutS: 'DSP_PENDING_TIMEOUT_S',
  mqttUrl: 'MQTT_URL',
};

export class ConfigError extends Error {}

/** Builds a config from overrides, then environment variables, then defaults; throws naming the bad variable. */
export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV)) {
    const v = env[name];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  Object.assign(raw, overrides);
  const withDefaults = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, raw));
  const errors = [...Value.Errors(ConfigSchema, withDefaults)];
  if (errors.length > 0) {
    const e = errors[0] as { instancePath?: string; message?: string };
    const key = (e.instancePath ?? '').replace(/^\//, '') as keyof Config;
    throw new ConfigError(`invalid configuration ${ENV[key] ?? key}: ${e.message ?? 'invalid value'}`);
  }
  return withDefaults as Config;
}
