// For tests that check how an operation fails: awaits the promise and hands back the error it rejected
// with, so the test can assert on its class, code and message.

/**
 * The error `pending` rejects with. Throws (failing the test) when it resolves instead; with `type`, an
 * error of any other class is rethrown as is, so the test report shows the unexpected failure itself.
 */
export async function rejectionOf<E = Error>(pending: Promise<unknown>, type?: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await pending;
  } catch (e) {
    if (type && !(e instanceof type)) throw e;
    return e as E;
  }
  throw new Error(`expected a rejection${type ? ` with ${type.name}` : ''}, but the operation succeeded`);
}
