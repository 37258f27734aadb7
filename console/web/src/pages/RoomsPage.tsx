import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { Room } from '@lookout/shared';
import { api } from '../api/ApiClient';

export function RoomsPage() {
  const [rooms, setRooms] = useState<Room[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    api.rooms().then(setRooms, (err: unknown) => setError(String(err)));
  }, []);
  return (
    <section>
      <header className="page-head">
        <h2>Classrooms</h2>
      </header>
      {error && <p className="error">{error}</p>}
      {rooms?.length === 0 && (
        <p className="empty">No rooms yet, or none assigned to you. A technician assigns rooms.</p>
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
