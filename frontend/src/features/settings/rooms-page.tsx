import { useQuery } from "@tanstack/react-query";
import { DoorClosed, Pencil, Plus } from "lucide-react";
import { type FormEvent, useState } from "react";
import { asProblem } from "@/api/problem";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toast";
import { type Room, roomsQuery } from "../calendar/api";
import { useArchiveRoom, useSaveRoom } from "./api";

function RoomDialog({
  room,
  open,
  onOpenChange,
}: {
  room: Room | null;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const [name, setName] = useState(room?.name ?? "");
  const [description, setDescription] = useState(room?.description ?? "");
  const save = useSaveRoom();
  const toast = useToast();
  const problem = save.error ? asProblem(save.error) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      {
        id: room?.id,
        body: { name, description: description || undefined, sortOrder: room?.sortOrder ?? 0 },
      },
      {
        onSuccess: (saved) => {
          toast.success(room ? `${saved.name} saved` : `${saved.name} added`);
          onOpenChange(false);
        },
      },
    );
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title={room ? "Edit room" : "Add a room"}
        description="Rooms are booked with the services that need one."
      >
        <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
          <Field
            label="Name"
            error={
              problem?.field("name") ?? (problem?.code === "already_exists" ? problem.message : undefined)
            }
          >
            <Input
              autoFocus
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="Treatment Room 1"
            />
          </Field>
          <Field label="Description" optional error={problem?.field("description")}>
            <Input
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              placeholder="Laser-ready, sink"
            />
          </Field>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" busy={save.isPending}>
              {room ? "Save" : "Add room"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function RoomsPage() {
  const rooms = useQuery(roomsQuery);
  const archive = useArchiveRoom();
  const toast = useToast();
  const [editing, setEditing] = useState<Room | null | "new">(null);

  let body: React.ReactNode;
  if (rooms.isPending) {
    body = (
      <div className="flex flex-col gap-3 p-5">
        <Skeleton className="h-5 w-48" />
        <Skeleton className="h-5 w-40" />
      </div>
    );
  } else if (rooms.isError) {
    body = <ErrorState error={rooms.error} retry={() => void rooms.refetch()} />;
  } else if (rooms.data.length === 0) {
    body = (
      <EmptyState
        icon={DoorClosed}
        title="No rooms yet"
        body="Add your treatment rooms so two people are never booked into the same one."
        action={
          <Button variant="primary" onClick={() => setEditing("new")}>
            <Plus className="size-4" aria-hidden="true" /> Add a room
          </Button>
        }
      />
    );
  } else {
    body = (
      <ul className="divide-y divide-line">
        {rooms.data.map((r) => (
          <li key={r.id} className="flex items-center gap-3 px-5 py-3">
            <DoorClosed className="size-4 shrink-0 text-muted" aria-hidden="true" />
            <div className="min-w-0 flex-1">
              <p className="flex items-center gap-2 text-sm font-medium text-ink">
                {r.name}
                {r.archived ? <Badge>Archived</Badge> : null}
              </p>
              {r.description ? <p className="truncate text-[13px] text-muted">{r.description}</p> : null}
            </div>
            <Button variant="ghost" size="sm" onClick={() => setEditing(r)} aria-label={`Edit ${r.name}`}>
              <Pencil className="size-3.5" aria-hidden="true" /> Edit
            </Button>
            <Button
              variant="ghost"
              size="sm"
              onClick={() =>
                archive.mutate(
                  { id: r.id, archive: !r.archived },
                  {
                    onSuccess: () => toast.success(r.archived ? `${r.name} restored` : `${r.name} archived`),
                    onError: (e) => toast.error(e),
                  },
                )
              }
            >
              {r.archived ? "Restore" : "Archive"}
            </Button>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <Card>
      <CardHeader
        title="Rooms"
        description="Archived rooms stay on past appointments but can't be booked."
        action={
          rooms.data?.length ? (
            <Button size="sm" variant="primary" onClick={() => setEditing("new")}>
              <Plus className="size-3.5" aria-hidden="true" /> Add room
            </Button>
          ) : null
        }
      />
      {body}
      {editing ? (
        <RoomDialog
          key={editing === "new" ? "new" : editing.id}
          room={editing === "new" ? null : editing}
          open
          onOpenChange={(o) => !o && setEditing(null)}
        />
      ) : null}
    </Card>
  );
}
