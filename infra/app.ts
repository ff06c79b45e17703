// `cdk synth` / `cdk deploy` entry (cdk.json): the stack, checked by cdk-nag's AWS Solutions pack.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_STACK_NAME, TasksStack } from './stack.ts';

const app = new App();
new TasksStack(app, process.env.DFK_STACK_NAME || DEFAULT_STACK_NAME, {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
// Any unacknowledged finding interrupts the synthesis (and so the deployment).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
