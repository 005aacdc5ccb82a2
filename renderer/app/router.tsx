/** Routes: one per page, under the shell. The hash router keeps browser back/forward working in the preview and file:// in Electron. */
import { createHashRouter } from 'react-router';
import { ClusterPage } from '../pages/cluster/ClusterPage.js';
import { FinishPage } from '../pages/finish/FinishPage.js';
import { JoinPage } from '../pages/join/JoinPage.js';
import { NetworkPage } from '../pages/network/NetworkPage.js';
import { PrerequisitesPage } from '../pages/prerequisites/PrerequisitesPage.js';
import { ProxyPage } from '../pages/proxy/ProxyPage.js';
import { ReviewPage } from '../pages/review/ReviewPage.js';
import { VerifyPage } from '../pages/verify/VerifyPage.js';
import { WelcomePage } from '../pages/welcome/WelcomePage.js';
import { RouteError } from './RouteError.js';
import { Shell } from './Shell.js';

export function createRouter() {
  return createHashRouter([
    {
      path: '/',
      element: <Shell />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: <WelcomePage /> },
        { path: 'prerequisites', element: <PrerequisitesPage /> },
        { path: 'proxy', element: <ProxyPage /> },
        { path: 'cluster', element: <ClusterPage /> },
        { path: 'network', element: <NetworkPage /> },
        { path: 'review', element: <ReviewPage /> },
        { path: 'join', element: <JoinPage /> },
        { path: 'verify', element: <VerifyPage /> },
        { path: 'finish', element: <FinishPage /> },
        { path: '*', element: <WelcomePage /> },
      ],
    },
  ]);
}
