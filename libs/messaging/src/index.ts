export * from './ack-after-commit.consumer';
export type { AckAfterCommitConsumerOptions } from './ack-after-commit.options';
export type { InboundMessage } from './subscriber.connection';
export * from './embedded-broker';
export * from './broker.link';
export * from './broker-link.module';
