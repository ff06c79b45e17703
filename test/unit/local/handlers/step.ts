// A lifecycle step: `{"fail": "message"}` throws a named error; `{"wait": ms}` takes that long.
class StepFailedError extends Error {
  override name = 'StepFailedError';
}

export const handler = async (event: { fail?: string; wait?: number }) => {
  if (event.wait) await new Promise((resolve) => setTimeout(resolve, event.wait));
  if (event.fail) throw new StepFailedError(event.fail);
  return { ...event, stepped: true };
};
