import { Module } from '@nestjs/common';
import { BrokerLink } from './broker.link';

/** The process's own broker connection (health, commands to meters); one per application. */
@Module({ providers: [BrokerLink], exports: [BrokerLink] })
export class BrokerLinkModule {}
