// `cdk synth` / `cdk deploy` entry (cdk.json): the stack, checked by cdk-nag's AWS Solutions pack.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TasksStack } from './stack.ts';
import { stackNameOf } from './stack-name.ts';

const app = new App();
new TasksStack(app, stackNameOf(process.env), {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
// Any unacknowledged finding interrupts the synthesis (and so the deployment).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
