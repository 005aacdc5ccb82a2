import { describe, expect, it } from 'vitest';
import { errorFor } from './field-errors.js';

const errors = [
  { field: 'proxy.noProxy.2', key: 'validation.noProxy.entry', params: {} },
  { field: 'proxy.http', key: 'validation.proxy.noPort', params: {} },
];

describe('errorFor', () => {
  it('shows a field its own error, including list items, once touched', () => {
    expect(errorFor(errors, 'proxy.http', { 'proxy.http': true })?.key).toBe('validation.proxy.noPort');
    expect(errorFor(errors, 'proxy.noProxy', { 'proxy.noProxy': true })?.key).toBe('validation.noProxy.entry');
    expect(errorFor(errors, 'proxy.http', {})).toBeUndefined();
    expect(errorFor(errors, 'proxy.https', { 'proxy.https': true })).toBeUndefined();
  });
});

describe('errorFor, two-field checks', () => {
  it('shows an overlap on the field it names once any field of the section was left', () => {
    const overlap = [{ field: 'network.serviceCidr', key: 'validation.cidr.overlap', params: {} }];
    expect(errorFor(overlap, 'network.serviceCidr', { 'network.clusterCidr': true })?.key).toBe('validation.cidr.overlap');
    expect(errorFor(overlap, 'network.serviceCidr', { 'proxy.http': true })).toBeUndefined();
  });
});
