export * from './app-process';
export * from './test-services';
export * from './territory.factory';
export * from './cuttable.proxy';
export * from './incident.factory';
