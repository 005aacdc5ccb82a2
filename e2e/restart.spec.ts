import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { seriousViolations } from './axe.js';
import { next, SCREENSHOTS, standInMachine, startJoin } from './wizard-steps.js';

test('a step that needs a restart: asks now or later, offers Resume, and the resumed join reaches Finish with a support bundle', async ({
  page,
}) => {
  test.skip(process.env.WINJOIN_E2E_HOST === 'rehearsal', 'the restart is scripted by the stand-in host');
  standInMachine({ routesFail: false, dockerRestarts: true });
  await startJoin(page);

  const card = page.getByRole('region', { name: 'Windows must restart' });
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect(card).toContainText('Asked for by: Install Docker');
  // It asks first; Resume comes only after an answer.
  await expect(card.getByRole('button', { name: 'Resume the join' })).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SCREENSHOTS}14-join-restart.png`, fullPage: true });

  // Welcome offers to continue the unfinished join.
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('link', { name: 'Welcome' }).click();
  await expect(page.getByText('The last join is waiting for a restart.')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}15-welcome-resume.png`, fullPage: true });
  await page.getByRole('button', { name: 'Open the Join page' }).click();

  await card.getByRole('button', { name: 'Later' }).click();
  // The preview cannot schedule a restart of this machine; the card says so and how to go on.
  await expect(card.getByText(/Restart Windows|continue after the next restart/)).toBeVisible();
  await card.getByRole('button', { name: 'Resume the join' }).click();
  // The status line, not the log's line of the same words.
  await expect(page.getByRole('status').filter({ hasText: 'The join finished successfully.' })).toBeVisible({ timeout: 30_000 });
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SCREENSHOTS}16-join-resumed.png`, fullPage: true });

  await next(page, 'Verify');
  expect(await seriousViolations(page)).toEqual([]);
  await next(page, 'Finish');
  await page.getByRole('button', { name: 'Export support bundle' }).click();
  const written = page.getByText(/Support bundle written: .+\.zip \(\d/);
  await expect(written).toBeVisible();
  // The support buttons were disabled while it ran; focus lands on the outcome (the path, read out), not the body.
  await expect(page.locator('.support-outcome')).toBeFocused();
  const file = /written: (.+\.zip) \(/.exec((await written.textContent()) ?? '')?.[1] ?? '';
  expect(fs.statSync(file).size).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Copy ticket summary' }).click();
  await expect(page.getByText(/Ticket summary copied|summary below is selected/)).toBeVisible();
  await page.getByRole('button', { name: 'Open logs folder' }).click();
  await expect(page.getByText(/Logs folder: \//)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `${SCREENSHOTS}17-finish-bundle.png`, fullPage: true });
});
