import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { Room } from '@lookout/shared';
import { api } from '../api/ApiClient';

/** The rooms a teacher may open (their own), or every room for the others. */
export function RoomsPage({ canManage }: { canManage: boolean }) {
  const [rooms, setRooms] = useState<Room[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    api.rooms().then(setRooms, (err: unknown) => setError(String(err)));
  }, []);
  return (
    <section>
      <header className="page-head">
        <h1>Classrooms</h1>
      </header>
      {error && <p className="error">{error}</p>}
      {rooms?.length === 0 && (
        <p className="empty">
          {canManage ? (
            <>
              No rooms yet. <Link to="/sites">Add them under Sites and rooms</Link>.
            </>
          ) : (
            'No rooms are assigned to you yet: ask your IT technician to add you to your classrooms.'
          )}
        </p>
      )}
      <ul className="room-list">
        {rooms?.map((room) => (
          <li key={room.id}>
            <Link to={`/rooms/${room.id}`} data-testid="room-link">
              {room.name}
            </Link>
            {room.hostnamePattern && <span className="muted"> · PCs named {room.hostnamePattern}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
