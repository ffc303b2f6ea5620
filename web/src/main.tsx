import './zod-config';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app/App';
import { ApiError } from './lib/api-client';
import './styles.css';

const queryClient: QueryClient = new QueryClient({
  // A session that expired while the app was open: back to the sign-in form (typed notes stay on the device).
  queryCache: new QueryCache({
    onError: (error, query) => {
      if (error instanceof ApiError && error.status === 401 && query.queryKey[0] !== 'session' && query.queryKey[0] !== 'share') queryClient.setQueryData(['session'], null);
    },
  }),
  defaultOptions: { queries: { staleTime: 30_000, retry: (count, error) => count < 2 && (error as { status?: number }).status !== 401 && (error as { status?: number }).status !== 404 } },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
