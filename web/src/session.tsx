import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { api, type Schemas, setCsrfToken, unwrap } from './api/client';

type User = Schemas['User'];

interface SessionState {
  user: User | null;
  /** false until the server has said whether a session exists */
  ready: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    api.GET('/api/v1/auth/session').then(
      ({ data }) => {
        if (data) {
          setCsrfToken(data.csrfToken);
          setUser(data.user);
        }
        setReady(true);
      },
      () => setReady(true),
    );
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const session = unwrap(await api.POST('/api/v1/auth/login', { body: { email, password } }));
    setCsrfToken(session.csrfToken);
    setUser(session.user);
  }, []);

  const signOut = useCallback(async () => {
    await api.POST('/api/v1/auth/logout');
    setCsrfToken(null);
    setUser(null);
  }, []);

  return (
    <SessionContext.Provider value={{ user, ready, signIn, signOut }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
