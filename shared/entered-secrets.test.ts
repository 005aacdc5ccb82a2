import { describe, expect, it } from 'vitest';
import { enteredValueProblem, maskedHint, valueFromTyped } from './entered-secrets.js';

describe('typed secrets asked for again', () => {
  it('keeps the proxy and user readable and masks the password and the token secret', () => {
    expect(maskedHint('proxy.http', 'http://ops:p%40ss@proxy.corp:8080')).toBe('http://ops:***@proxy.corp:8080');
    expect(maskedHint('join.token', 'abcdef.0123456789abcdef')).toBe('abcdef.***');
  });

  it('puts the typed password, encoded, into the saved proxy URL; a token is typed whole', () => {
    const value = valueFromTyped('proxy.https', 'http://ops:***@proxy.corp:8080', "p@ss/w:rd#'");
    expect(new URL(value).password).toBe(encodeURIComponent("p@ss/w:rd#'"));
    expect(maskedHint('proxy.https', value)).toBe('http://ops:***@proxy.corp:8080');
    expect(valueFromTyped('join.token', 'abcdef.***', ' abcdef.0123456789abcdef ')).toBe('abcdef.0123456789abcdef');
  });

  it('names what does not fit the saved join', () => {
    const hint = 'http://ops:***@proxy.corp:8080';
    expect(enteredValueProblem('proxy.http', hint, valueFromTyped('proxy.http', hint, 'secret'))).toBeNull();
    expect(enteredValueProblem('proxy.http', hint, valueFromTyped('proxy.http', hint, ''))).toBe('validation.resumeSecret.empty');
    expect(enteredValueProblem('proxy.http', hint, 'http://ops:secret@other.corp:8080')).toBe('validation.resumeSecret.otherProxy');
    expect(enteredValueProblem('proxy.http', hint, 'http://root:secret@proxy.corp:8080')).toBe('validation.resumeSecret.otherProxy');
    expect(enteredValueProblem('proxy.http', hint, 'not a url')).toBe('validation.resumeSecret.otherProxy');
    expect(enteredValueProblem('join.token', 'abcdef.***', 'abcdef.0123456789abcdef')).toBeNull();
    expect(enteredValueProblem('join.token', 'abcdef.***', 'zzzzzz.0123456789abcdef')).toBe('validation.resumeSecret.otherToken');
    expect(enteredValueProblem('join.token', 'abcdef.***', 'abcdef.short')).toBe('validation.join.token');
  });
});
