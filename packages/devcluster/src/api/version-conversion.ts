// Kinds kept in one version and served in others, as kube-apiserver converts through its internal
// type. A resource served in several versions without a conversion here (custom resources with
// conversion strategy None) is only relabelled.
import type { KubeObject, ResourceType } from '../types.js';
import { autoscalerFromV1, autoscalerToV1 } from './autoscaling-v1-conversion.js';
import { apiVersionOf } from './object-admission.js';

interface Conversion {
  /** The stored object as the served version shows it. */
  toServed(stored: KubeObject): KubeObject;
  /** An object of the served version as it is stored. */
  toStorage(served: KubeObject): KubeObject;
}

const CONVERSIONS: Record<string, Conversion> = {
  'autoscaling/v1/HorizontalPodAutoscaler': { toServed: autoscalerToV1, toStorage: autoscalerFromV1 },
};

function conversionFor(resource: ResourceType): Conversion | undefined {
  return CONVERSIONS[`${apiVersionOf(resource)}/${resource.kind}`];
}

/** A stored object as `resource`'s version serves it. */
export function servedObject(resource: ResourceType, stored: KubeObject): KubeObject {
  const conversion = conversionFor(resource);
  return conversion ? conversion.toServed(stored) : { ...stored, apiVersion: apiVersionOf(resource) };
}

/** An object written through `resource`'s version, as it is stored. */
export function storageObject(resource: ResourceType, served: KubeObject): KubeObject {
  const conversion = conversionFor(resource);
  return conversion && served.apiVersion === apiVersionOf(resource) ? conversion.toStorage(served) : served;
}
