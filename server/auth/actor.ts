/** The signed-in agent on whose behalf domain code acts. */
export interface Actor {
  id: number;
  login: string;
  name: string;
  isAdmin: boolean;
}
