import { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';

/** The classes Node.js's HTTP server builds each request and response from (its `IncomingMessage` options). */
export interface MessageClasses {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
}

/**
 * Gives `own` the place of `appPrototype`: the same parent and the same own properties (Express's `app`), all
 * but a `constructor`, which `own` has of its own (an app listened on twice gives the second class the first's).
 */
function takePlaceOf(own: object, appPrototype: object): void {
  Object.setPrototypeOf(own, Object.getPrototypeOf(appPrototype));
  const { constructor: _own, ...properties } = Object.getOwnPropertyDescriptors(appPrototype);
  Object.defineProperties(own, properties);
}

/**
 * Request and response classes whose prototypes are the app's own. Express moves every request and response onto
 * its app's prototypes (`Object.setPrototypeOf`), and V8 slows every object whose prototype changes, along with the
 * code that touches it afterwards: about 60 us of CPU per request (bench/express-overhead.ts). Built from these
 * classes, each already has the prototype Express sets, and setting a prototype an object has changes nothing.
 */
export function appBornMessages(app: Express): MessageClasses {
  class AppRequest extends IncomingMessage {}
  class AppResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {}
  takePlaceOf(AppRequest.prototype, app.request);
  takePlaceOf(AppResponse.prototype, app.response);
  app.request = AppRequest.prototype as Express['request'];
  app.response = AppResponse.prototype as Express['response'];
  return { IncomingMessage: AppRequest, ServerResponse: AppResponse };
}
