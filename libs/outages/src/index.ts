export * from './outages.module';
export * from './detector/detector.service';
export * from './incidents/incident.entity';
export * from './incidents/incident-meter.entity';
export * from './incidents/incident.queries';
export * from './engine/detector.engine';
export * from './engine/ports';
