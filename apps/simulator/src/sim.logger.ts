export interface SimLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const consoleLogger: SimLogger = {
  info: (m) => console.log(`${new Date().toISOString()} [simulator] ${m}`),
  warn: (m) => console.warn(`${new Date().toISOString()} [simulator] WARN ${m}`),
  error: (m) => console.error(`${new Date().toISOString()} [simulator] ERROR ${m}`),
};

export const silentLogger: SimLogger = { info: () => {}, warn: () => {}, error: () => {} };
