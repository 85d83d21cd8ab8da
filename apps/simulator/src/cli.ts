/**
 * `npm run sim -- <command>`: drives a running simulator's fault injection through its control API.
 * Reads SIM_CONTROL_PORT, SIM_CONTROL_TOKEN and DATA_DIR like the simulator does.
 * Exit codes: 0 done, 1 the simulator refused, 2 bad usage or configuration, 3 no simulator to talk to.
 */
import { parseArgs } from 'node:util';
import { readControlToken } from './control-token';
import { formatDuration } from './duration.util';
import type { FaultRecord } from './fault-record.mapper';
import { FAULT_KINDS } from './fault.model';
import { loadControlClientConfig, SimulatorConfigError } from './simulator.config';

const USAGE = `usage: npm run sim -- <command>

  inject <kind> <assetId> [--duration 10m] [--start now|+5m|ISO-8601] [--last-gasp-p 0.6]
                          [--depth 0.85] [--phase A|B|C] [--stagger 10m] [--no-straggler]
      kinds: ${FAULT_KINDS.join(', ')}
  faults [--json]         every injected fault with what really happened
  show <faultId>          one fault's full ground truth (JSON)
  end <faultId>           end a fault now: everything it holds down is restored
`;

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      duration: { type: 'string' },
      start: { type: 'string' },
      'last-gasp-p': { type: 'string' },
      depth: { type: 'string' },
      phase: { type: 'string' },
      stagger: { type: 'string' },
      'no-straggler': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return;
  }
  if (!['inject', 'faults', 'show', 'end'].includes(command)) {
    throw new CliError(`unknown command "${command}"\n\n${USAGE}`, 2);
  }
  const api = connection();
  switch (command) {
    case 'inject': {
      const [kind, assetId] = args;
      if (!kind || !assetId || args.length > 2)
        throw new CliError(`inject needs <kind> <assetId>\n\n${USAGE}`, 2);
      const body = {
        kind,
        assetId,
        duration: values.duration,
        start: values.start,
        lastGaspP: number(values['last-gasp-p'], '--last-gasp-p'),
        depth: number(values.depth, '--depth'),
        phase: values.phase,
        stagger: values.stagger,
        straggler: values['no-straggler'] ? false : undefined,
      };
      const fault = (await api('POST', '/faults', body)) as FaultRecord;
      process.stdout.write(`${summary(fault)}\n`);
      return;
    }
    case 'faults': {
      const faults = (await api('GET', '/faults')) as FaultRecord[];
      process.stdout.write(values.json ? `${JSON.stringify(faults, null, 2)}\n` : table(faults));
      return;
    }
    case 'show':
    case 'end': {
      const [id] = args;
      if (!id || args.length > 1) throw new CliError(`${command} needs <faultId>\n\n${USAGE}`, 2);
      const fault = (await api(
        command === 'end' ? 'DELETE' : 'GET',
        `/faults/${encodeURIComponent(id)}`,
      )) as FaultRecord;
      process.stdout.write(command === 'end' ? `${summary(fault)}\n` : `${JSON.stringify(fault, null, 2)}\n`);
      return;
    }
    default:
      throw new CliError(`unknown command "${command}"\n\n${USAGE}`, 2);
  }
}

type Api = (method: string, path: string, body?: unknown) => Promise<unknown>;

function connection(): Api {
  const { url, token: configured, dataDir } = loadControlClientConfig(process.env);
  if (!url) throw new CliError('SIM_CONTROL_PORT is off: the simulator runs without its control API', 2);
  const token = readControlToken(configured, dataDir);
  if (!token) {
    throw new CliError(
      `no control token: set SIM_CONTROL_TOKEN, or run from where the simulator writes ${dataDir}/sim-control-token (DATA_DIR)`,
      3,
    );
  }
  return async (method, path, body) => {
    let res: Response;
    try {
      res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new CliError(
        `cannot reach the simulator's control API at ${url} (${cause}); is it running? (SIM_CONTROL_PORT)`,
        3,
      );
    }
    const text = await res.text();
    const json = text ? (JSON.parse(text) as { error?: string; problems?: string[] }) : null;
    if (res.ok) return json;
    const problems =
      json?.problems && json.problems.length > 1 ? `\n  - ${json.problems.join('\n  - ')}` : '';
    throw new CliError(`${method} ${path}: ${res.status} ${json?.error ?? text}${problems}`, 1);
  };
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new CliError(`${flag} must be a number, got "${value}"`, 2);
  return n;
}

function summary(f: FaultRecord): string {
  const meters =
    f.deenergizedMeterIds.length > 0
      ? `${f.deenergizedMeterIds.length} meters without supply`
      : `${f.affectedMeterIds.length} meters affected`;
  const until = f.endedAt ?? f.plannedEndAt;
  return `${f.id} ${f.kind} on ${f.assetId} (${f.scope} scope, incident kind ${f.incidentKind}): ${f.status}, ${meters}, ${f.startAt} → ${until}`;
}

function table(faults: FaultRecord[]): string {
  if (faults.length === 0) return 'no faults injected\n';
  const head = [
    'id',
    'kind',
    'asset',
    'status',
    'start',
    'lasted',
    'dark/affected',
    'last gasps',
    'gw down',
    'calls',
  ];
  const rows = faults.map((f) => {
    const end = Date.parse(f.endedAt ?? f.plannedEndAt);
    const calls = f.customerCalls.map((c) => c.status ?? 'err');
    return [
      f.id,
      f.kind,
      f.assetId,
      f.endedEarly ? `${f.status} (early)` : f.status,
      f.startAt,
      `${formatDuration(end - Date.parse(f.startAt))}${f.endedAt ? '' : ' planned'}`,
      `${f.deenergizedMeterIds.length}/${f.affectedMeterIds.length}`,
      String(f.lastGasps.length),
      String(f.gatewayPowerDowns.length),
      calls.length === 0 ? '0' : `${calls.length} (${[...new Set(calls)].join(',')})`,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof CliError) {
    console.error(err.message);
    process.exit(err.exitCode);
  }
  if (err instanceof SimulatorConfigError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error((err as Error).message);
    process.exit(2);
  }
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
