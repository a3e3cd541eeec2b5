/** Child-side workload of the validation stage: `validateOnixFile` over a message on disk. */
import type { Workload } from '../types.ts';

/** Args: file. */
const validateFile: Workload = async (args) => {
  const { validateOnixFile } = await import('../../../src/onix/validate-file.ts');
  return async () => {
    const result = await validateOnixFile(String(args.file));
    if (!result.valid) throw new Error(`the generated message is not valid: ${result.issues.length} issues, first: ${result.issues[0]?.message}`);
    return { items: result.products };
  };
};

/** The validation stage's workloads. */
export const workloads = { validateFile };
