import { z } from 'zod';
import { Id, Name, Timestamp } from './ids';

export const HexColor = z.string().regex(/^#[0-9a-f]{6}$/i, 'a colour like #3366cc');

export const Team = z.object({
  id: Id,
  name: Name,
  parentId: Id.nullable(),
  color: HexColor,
  position: z.number().int(),
  createdAt: Timestamp,
});
export type Team = z.infer<typeof Team>;
