import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { defaultBackupFile, restoreBackup, takeBackup } from '../../services/setup/backup.ts';
import type { CliIo } from '../io.ts';

/** A passphrase from --passphrase-file, else the configured one (CADENCE_BACKUP_PASSPHRASE_FILE). */
function passphraseFrom(file: string | undefined, configured: string | null): string | null {
  if (!file) return configured;
  if (!existsSync(file)) throw new Error(`--passphrase-file ${file} does not exist`);
  const passphrase = readFileSync(file, 'utf8').trim();
  if (passphrase.length < 12) throw new Error(`--passphrase-file: the passphrase in ${file} needs at least 12 characters`);
  return passphrase;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

export function registerBackupCommands(program: Command, io: CliIo): void {
  program
    .command('backup')
    .description('take an online, consistent backup of the database (safe while the server runs)')
    .option('--to <file>', 'where to write it (default: the backup folder, CADENCE_BACKUP_DIR or <data>/backups)')
    .option('--passphrase-file <file>', 'encrypt the backup with the passphrase in this file')
    .action(async (options: { to?: string; passphraseFile?: string }) => {
      const config = loadConfig(io.env);
      const now = new Date();
      const { file, manifest } = await takeBackup(config, { file: options.to ?? defaultBackupFile(config, now), passphrase: passphraseFrom(options.passphraseFile, config.backups.passphrase), now });
      const what = `${manifest.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, schema ${manifest.migration}, ${size(manifest.bytes)} of data${manifest.encryption ? ', encrypted' : ''}`;
      io.stdout.write(`backup written: ${file} (${what})\n`);
    });

  program
    .command('restore')
    .description('restore a backup into an empty database (the server must be stopped)')
    .argument('<file>', 'a file written by `cadence backup`')
    .option('--passphrase-file <file>', 'the passphrase of an encrypted backup')
    .action(async (file: string, options: { passphraseFile?: string }) => {
      const config = loadConfig(io.env);
      const { manifest, migrated } = await restoreBackup(config, { file, passphrase: passphraseFrom(options.passphraseFile, config.backups.passphrase) });
      const upgrade = migrated.length ? `, then brought up to date (${migrated.length} migration${migrated.length > 1 ? 's' : ''})` : '';
      io.stdout.write(`restored the backup of ${manifest.createdAt} (schema ${manifest.migration})${upgrade}\n`);
    });
}
