import { migrate } from '../migrate';

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL. */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (the embedded database migrates itself at `npm start`)');
  const engine = await migrate(url, (line) => console.log(line));
  console.log(`database is up to date (${engine.kind}: ${engine.version})`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
