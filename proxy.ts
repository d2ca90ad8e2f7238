export { auth as proxy } from "@/server/auth/nextauth";

// Every page but the login page needs a session; the API answers 401 itself, and static assets are public.
export const config = {
  matcher: ["/((?!api/|login|_next/static|_next/image|favicon.ico).*)"],
};
