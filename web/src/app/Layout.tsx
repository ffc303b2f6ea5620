import { NavLink, Outlet } from 'react-router';
import { useSession } from './session';

export function Layout() {
  const { user, signOut } = useSession();
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="/">
          Cadence
        </a>
        <nav aria-label="Main">
          <NavLink to="/accounts">Book of business</NavLink>
        </nav>
        <div className="me">
          <span>
            {user.name} <small>({user.role})</small>
          </span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main">
        <Outlet />
      </main>
    </div>
  );
}
