// The step a Catch leads to: passes on what it got (the failure at `$.failure`).
export const handler = async (event: unknown) => event;
