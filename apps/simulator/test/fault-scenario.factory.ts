import { generateCounty } from '../src/county.generator';
import { CountyIndex } from '../src/county.index';
import { deviceTimeline } from '../src/device-timeline';
import { parseFaultRequest } from '../src/fault-request.parser';
import { FaultPlan } from '../src/fault.model';
import { planFault } from '../src/fault.planner';
import { FleetModel } from '../src/fleet.model';
import { GridConditions } from '../src/grid-conditions';
import { silentLogger } from '../src/sim.logger';
import { resolveSimulatorConfig, SimulatorConfigInput } from '../src/simulator.config';

/** 20:07 local on a winter weekday: households are busy, so an outage visibly stops their registers. */
export const T0 = Date.parse('2026-01-15T20:07:00+08:00');

/**
 * A county with its physics, grid conditions and device behaviour as the simulator wires them, for unit
 * specs of fault timelines. `plan()` injects like `POST /faults` at simulated time `now`.
 */
export function faultScenario(input: SimulatorConfigInput = {}) {
  const config = resolveSimulatorConfig({
    register: false,
    seed: 21,
    feeders: 2,
    transformers: 8,
    meters: 240,
    logger: silentLogger,
    ...input,
  });
  const county = generateCounty(config);
  const index = new CountyIndex(county);
  const conditions = new GridConditions();
  const model = new FleetModel(county, { timeZone: config.timeZone, supply: conditions });
  const plans: FaultPlan[] = [];
  let seq = 0;
  const scenario = {
    config,
    county,
    index,
    conditions,
    model,
    devices: config,
    calls: config,
    /** Plans a fault and applies it to the conditions (with every fault planned so far). */
    plan(body: Record<string, unknown>, now = T0): FaultPlan {
      const request = parseFaultRequest(body, now, { lastGaspP: config.lastGaspP });
      const plan = planFault(`f${++seq}`, request, {
        index,
        seed: config.seed,
        phaseOf: (id) => model.voltage.phaseOf(id),
      });
      plans.push(plan);
      conditions.update(plans.map((p) => p.effects));
      return plan;
    },
    timeline() {
      return deviceTimeline(
        conditions,
        index,
        scenario.devices,
        (id) => plans.find((p) => p.id === id)!.request.lastGaspP,
      );
    },
    /** Transformer areas whose concentrator relays meters (not the areas where every meter has its own modem). */
    gatewayAreas() {
      return county.topology.transformers.filter((t) =>
        index.metersOf(t.id).some((m) => index.isRelayed(m.id)),
      );
    },
  };
  return scenario;
}
