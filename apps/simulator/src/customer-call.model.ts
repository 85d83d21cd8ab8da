import type { FaultPlan } from './fault.model';
import { NO_SUPPLY } from './fault.model';
import type { GridConditions } from './grid-conditions';
import { createRng } from './prng.util';

export interface CallBehaviour {
  seed: number;
  /** Share of the customers of a multi-home outage who phone in. */
  callShare: number;
  /** Share for a single dark home: its neighbours are lit, so the household knows it is theirs alone. */
  singleHomeCallShare: number;
  /** Multiplies every call delay (evaluations run faster with 0.1). */
  callDelayFactor: number;
}

export interface PlannedCall {
  key: string;
  at: number;
  faultId: string;
  meterId: string;
  description: string;
}

/**
 * People first check the fuse box and ask the neighbours; the earliest calls come a few minutes in and
 * the rest trail off over the next hour (an exponential tail after a floor). With ~25 homes per area and
 * a fifth of them calling, the first call of a transformer outage typically lands 3-15 minutes after the start.
 */
const CALL_FLOOR_S = 180;
const CALL_MEAN_EXTRA_S = 1500;
const CALL_MAX_S = 6 * 3600;
/** Some customers call although the lights came back ("it went off for a minute"): why momentaries rarely reach the call centre. */
const CALL_AFTER_RESTORE_SHARE = 0.05;

const STILL_DARK = [
  'No power at home.',
  'The lights went out and have not come back.',
  'Power is off in the house; the neighbours seem to be out too.',
  'No electricity since a while ago.',
];
const SINGLE_HOME = [
  'No power in my house, the neighbours still have light.',
  'Our power is off but the street is lit.',
];
const CAME_BACK = [
  'The power went off for a moment and came back.',
  'Lights went out briefly, now they are on again.',
];

/** The calls the fault's de-energized customers will make, given how long each of them actually stays dark. */
export function planCustomerCalls(
  plan: FaultPlan,
  conditions: GridConditions,
  b: CallBehaviour,
): PlannedCall[] {
  const share = plan.scope === 'meter' ? b.singleHomeCallShare : b.callShare;
  const calls: PlannedCall[] = [];
  for (const cut of plan.effects.supply) {
    if (cut.lostPhases !== NO_SUPPLY) continue;
    const rng = createRng(b.seed, `call:${plan.id}:${cut.meterId}`);
    // Drawn in a fixed order, so ending the fault early changes whether a call happens, never who would call.
    const willCall = rng.chance(share);
    const delayS = Math.min(CALL_MAX_S, CALL_FLOOR_S - CALL_MEAN_EXTRA_S * Math.log(1 - rng.next()));
    const callsAnyway = rng.chance(CALL_AFTER_RESTORE_SHARE);
    const wording = rng.next();
    if (!willCall) continue;
    const at = Math.round(cut.from + delayS * 1000 * b.callDelayFactor);
    const dark = !conditions.isPowered(cut.meterId, at);
    if (!dark && !callsAnyway) continue;
    const texts = !dark ? CAME_BACK : plan.scope === 'meter' ? SINGLE_HOME : STILL_DARK;
    calls.push({
      key: `call:${plan.id}:${cut.meterId}`,
      at,
      faultId: plan.id,
      meterId: cut.meterId,
      description: texts[Math.floor(wording * texts.length)],
    });
  }
  return calls;
}
