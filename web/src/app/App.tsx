import { Route, Routes } from 'react-router';
import { AccountPage } from '../features/accounts/AccountPage';
import { BookOfBusiness } from '../features/accounts/BookOfBusiness';
import { SignIn } from '../features/auth/SignIn';
import { Layout } from './Layout';
import { ErrorState, Loading, NotFound } from './states';
import { SessionProvider, useSessionQuery } from './session';

export function App() {
  const session = useSessionQuery();
  if (session.isPending) return <Loading what="Cadence" />;
  if (session.isError) return <ErrorState error={session.error} />;
  if (!session.data) return <SignIn />;
  return (
    <SessionProvider user={session.data}>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<BookOfBusiness />} />
          <Route path="accounts" element={<BookOfBusiness />} />
          <Route path="accounts/:id" element={<AccountPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </SessionProvider>
  );
}
