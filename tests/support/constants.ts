/** The seeded admin's password in every test database. */
export const TEST_ADMIN_PASSWORD = "admin-test-password";
export const TEST_AUTH_SECRET = "test-auth-secret-0123456789abcdef0123456789";
