/**
 * `onix-feeds mask-secrets`: in a GitHub Actions step, registers masks for the secret values in the environment and
 * the encoded forms they take on the wire (the action runs it before every command). Elsewhere it does nothing.
 */
import type { Command } from '../cli.ts';
import { inActions, registerMasks } from '../github/actions.ts';
import { secretMasks } from '../github/masks.ts';

/** The `mask-secrets` command. */
export const maskSecretsCommand: Command = {
  summary: 'In GitHub Actions, mask the secret values of this step (and their URL-encoded, JSON and base64 forms).',
  usage: 'onix-feeds mask-secrets',
  options: {},
  async run(ctx) {
    if (inActions(ctx.env)) registerMasks(secretMasks(ctx.env));
    return 0;
  },
};
