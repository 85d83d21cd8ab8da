import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { DetectionSettings } from './detection.config';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

const TOPIC_SEGMENT = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/**
 * Every setting the platform reads from the environment (see README "Configuration").
 * Validated once at boot by {@link loadConfig}; a bad value stops start-up naming the variable.
 */
export class GridConfig extends DetectionSettings {
  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(65535)
  @IsInt()
  PORT = 3000;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^(mqtts?|tcp|ssl|wss?):\/\/.+/, { message: 'MQTT_URL must be an mqtt:// or mqtts:// URL' })
  MQTT_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(65535)
  @IsInt()
  MQTT_PORT = 1883;

  @IsOptional()
  @Matches(TOPIC_SEGMENT, { message: 'MQTT_TOPIC_PREFIX must be topic levels of [A-Za-z0-9._-]' })
  MQTT_TOPIC_PREFIX = 'grid';

  /** Shared-subscription group for ingest; `none` disables `$share` (the embedded broker has none). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'MQTT_SHARE_GROUP must be [A-Za-z0-9._-]+, or none' })
  MQTT_SHARE_GROUP = 'gridcell-ingest';

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,23}$/, { message: 'INGEST_CLIENT_ID must be 1-23 of [A-Za-z0-9._-]' })
  INGEST_CLIENT_ID = 'gridcell-ingest-1';

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'GRID_ADMIN_USERNAME must be 1-64 of [A-Za-z0-9._-]' })
  GRID_ADMIN_USERNAME?: string;

  @IsOptional()
  @IsString()
  @Matches(/^.{8,128}$/s, { message: 'GRID_ADMIN_PASSWORD must be 8-128 characters' })
  GRID_ADMIN_PASSWORD?: string;

  /** Signs access tokens; when unset a random secret is generated and kept under DATA_DIR. */
  @IsOptional()
  @IsString()
  @Matches(/^.{32,}$/s, { message: 'GRID_JWT_SECRET must be at least 32 characters' })
  GRID_JWT_SECRET?: string;

  @IsOptional()
  @Transform(toInt)
  @Min(60)
  @Max(86400)
  @IsInt()
  GRID_TOKEN_TTL_S = 3600;

  @IsOptional()
  @IsIn(['on', 'off'])
  SIMULATOR: 'on' | 'off' = 'on';

  @IsOptional()
  @IsString()
  GRID_TIMEZONE = 'Asia/Shanghai';

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  DATA_DIR = '.data';

  /** Readings stamped further than this into the future are quarantined. */
  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(86400)
  @IsInt()
  INGEST_FUTURE_TOLERANCE_S = 300;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(100000)
  @IsInt()
  INGEST_BATCH_MAX_ROWS = 20000;

  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(10000)
  @IsInt()
  INGEST_FLUSH_MS = 20;

  @IsOptional()
  @Transform(toInt)
  @Min(16)
  @Max(65535)
  @IsInt()
  INGEST_MAX_IN_FLIGHT = 32768;

  /** Payload held unacknowledged before ingest stops reading: bounds memory for large batches. */
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(4096)
  @IsInt()
  INGEST_MAX_PENDING_MB = 64;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(16)
  @IsInt()
  INGEST_COMMIT_CONCURRENCY = 2;

  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  RETENTION_DAYS = 400;

  /** Domain events kept for live clients to catch up from; older ones are deleted daily. */
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  LIVE_EVENTS_RETENTION_DAYS = 7;

  @IsOptional()
  @Transform(toInt)
  @Min(100)
  @Max(3600000)
  @IsInt()
  ROLLUP_REFRESH_MS = 2000;

  /** Overrides of the service-clock targets, as JSON (README "Work orders"); checked at start. */
  @IsOptional()
  @IsString()
  SLA_TARGETS?: string;

  /** Public holidays for working-day clocks: yyyy-MM-dd, comma-separated, in GRID_TIMEZONE. */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}(,\s*\d{4}-\d{2}-\d{2})*$/, {
    message: 'SLA_HOLIDAYS must be yyyy-MM-dd dates separated by commas',
  })
  SLA_HOLIDAYS?: string;

  /** How long a fault report waits for the meter to answer an on-demand read before deciding. */
  @IsOptional()
  @Transform(toInt)
  @Min(1)
  @Max(60)
  @IsInt()
  FAULT_REPORT_PING_TIMEOUT_S = 8;
}

export class ConfigError extends Error {}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map(
      (m) => `${m}${m.includes(e.property) ? '' : ` (${e.property})`} — got ${JSON.stringify(e.value)}`,
    ),
  );
}

/** Reads and validates the environment; throws a {@link ConfigError} naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GridConfig {
  const present = Object.fromEntries(
    Object.keys(new GridConfig())
      .concat([
        'DATABASE_URL',
        'MQTT_URL',
        'REDIS_URL',
        'GRID_ADMIN_USERNAME',
        'GRID_ADMIN_PASSWORD',
        'GRID_JWT_SECRET',
        'SLA_TARGETS',
        'SLA_HOLIDAYS',
      ])
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const config = plainToInstance(GridConfig, present);
  const problems = describe(validateSync(config, { forbidUnknownValues: false, stopAtFirstError: true }));
  if (!isValidTimeZone(config.GRID_TIMEZONE))
    problems.push(`GRID_TIMEZONE is not a known IANA time zone — got "${config.GRID_TIMEZONE}"`);
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return config;
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
