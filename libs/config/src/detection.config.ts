import { Transform } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';

const toNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;

/**
 * Settings of outage and voltage detection (README "Detection"); defaults from DOMAIN.md: last
 * gasps 30-45 s after supply is lost, concentrators' power-down ~30 s after, IEEE 1366 momentary
 * interruptions under 5 minutes, GB/T 12325's 198.0-235.4 V band and "below 198 V for 1 h".
 */
export class DetectionSettings {
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,23}$/, { message: 'DETECTOR_CLIENT_ID must be 1-23 of [A-Za-z0-9._-]' })
  DETECTOR_CLIENT_ID = 'gridcell-detector';

  /** An interruption restored within this is momentary: recorded (MAIFI), nobody dispatched. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(3600)
  OUTAGE_MOMENTARY_MAX_S = 300;

  /** How long after losing supply a meter sends its last gasp: the start of an outage is estimated from it. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(600)
  OUTAGE_LAST_GASP_DELAY_S = 30;

  /** After a concentrator drops off, how long to wait for power evidence before calling it a link loss. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(3600)
  OUTAGE_COMM_HOLD_S = 90;

  /** An on-demand read not answered within this counts as unanswered. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(600)
  OUTAGE_PING_TIMEOUT_S = 20;

  /** While meters are out, those not yet back are read again this often. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(5)
  @Max(3600)
  OUTAGE_REPING_S = 120;

  /** A meter still dark this long after most of its area came back becomes an incident of its own. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(10)
  @Max(86400)
  OUTAGE_STRAGGLER_S = 180;

  /** Areas of one feeder going out within this of each other are one feeder outage. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(3600)
  OUTAGE_FEEDER_WINDOW_S = 120;

  /** A meter is silent when no reading came for its interval plus this. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(86400)
  OUTAGE_SILENCE_GRACE_S = 300;

  @IsOptional()
  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  @Max(1000)
  VOLTAGE_LOW_V = 198.0;

  @IsOptional()
  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  @Max(1000)
  VOLTAGE_HIGH_V = 235.4;

  /** Out of band at least this long (by the meters' own timestamps) before it is a voltage incident. */
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(7 * 86400)
  VOLTAGE_MIN_DURATION_S = 3600;
}
