import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsumerCursor, DomainEventRow } from '@gridcell/events';
import { GridModule } from '@gridcell/grid';
import { DetectorService } from './detector/detector.service';
import { IncidentMeter } from './incidents/incident-meter.entity';
import { Incident } from './incidents/incident.entity';
import { IncidentQueries } from './incidents/incident.queries';
import { IncidentsController } from './incidents/incidents.controller';

const ENTITIES = TypeOrmModule.forFeature([Incident, IncidentMeter, DomainEventRow, ConsumerCursor]);

/** Outage and voltage detection from meter evidence: the detector process's module. */
@Module({ imports: [ENTITIES], providers: [DetectorService], exports: [DetectorService] })
export class DetectorModule {}

/** The incidents API (CONTRACT 2): what the detector found, scoped to the caller. */
@Module({ imports: [ENTITIES, GridModule], controllers: [IncidentsController], providers: [IncidentQueries] })
export class IncidentsApiModule {}
