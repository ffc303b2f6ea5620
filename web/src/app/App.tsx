import { lazy, Suspense } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { AccountPage } from '../features/accounts/AccountPage';
import { BookOfBusiness } from '../features/accounts/BookOfBusiness';
import { SignIn } from '../features/auth/SignIn';
import { MyDay } from '../features/my-day/MyDay';
import { Layout } from './Layout';
import { ErrorState, Loading, NotFound } from './states';
import { SessionProvider, useSessionQuery } from './session';

// The workspace and the customer page are not needed for the first screen: loaded on demand.
const MeetingWorkspace = lazy(() => import('../features/meetings/MeetingWorkspace'));
const SharePage = lazy(() => import('../features/share/SharePage'));
const TeamPage = lazy(() => import('../features/team/TeamPage'));
const SettingsPage = lazy(() => import('../features/settings/SettingsPage'));
const MePage = lazy(() => import('../features/me/MePage'));
const ImportPage = lazy(() => import('../features/import/ImportPage'));
const HandoffsPage = lazy(() => import('../features/handoffs/HandoffsPage'));
const SetPassword = lazy(() => import('../features/auth/SetPassword'));

export function App() {
  const location = useLocation();
  // The customer's page is public: it never asks who is signed in.
  if (location.pathname.startsWith('/share/')) {
    return (
      <Suspense fallback={<Loading what="the agenda" />}>
        <Routes>
          <Route path="/share/:token" element={<SharePage />} />
        </Routes>
      </Suspense>
    );
  }
  // A password-reset link is opened signed out (and works the same signed in).
  if (location.pathname === '/set-password') {
    return (
      <Suspense fallback={<Loading what="the page" />}>
        <SetPassword />
      </Suspense>
    );
  }
  return <SignedInApp />;
}

function SignedInApp() {
  const session = useSessionQuery();
  if (session.isPending) return <Loading what="Cadence" />;
  if (session.isError) return <ErrorState error={session.error} />;
  if (!session.data) return <SignIn />;
  return (
    <SessionProvider user={session.data}>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<MyDay />} />
          <Route path="accounts" element={<BookOfBusiness />} />
          <Route path="accounts/:id" element={<AccountPage />} />
          <Route path="accounts/:id/:tab" element={<AccountPage />} />
          <Route
            path="meetings/:id"
            element={
              <Suspense fallback={<Loading what="the meeting workspace" />}>
                <MeetingWorkspace />
              </Suspense>
            }
          />
          <Route
            path="team/*"
            element={
              <Suspense fallback={<Loading what="the team pages" />}>
                <TeamPage />
              </Suspense>
            }
          />
          <Route
            path="settings/*"
            element={
              <Suspense fallback={<Loading what="settings" />}>
                <SettingsPage />
              </Suspense>
            }
          />
          <Route
            path="import"
            element={
              <Suspense fallback={<Loading what="the import screen" />}>
                <ImportPage />
              </Suspense>
            }
          />
          <Route
            path="me"
            element={
              <Suspense fallback={<Loading what="your calendar feed" />}>
                <MePage />
              </Suspense>
            }
          />
          <Route
            path="handoffs/*"
            element={
              <Suspense fallback={<Loading what="your handoffs" />}>
                <HandoffsPage />
              </Suspense>
            }
          />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </SessionProvider>
  );
}
