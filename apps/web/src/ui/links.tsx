// Mantine's Anchor and NavLink as typed router links (TanStack Router's createLink, as Mantine's guide shows),
// so `to` and `params` are checked against routes.tsx.
import { Anchor, type AnchorProps, NavLink, type NavLinkProps } from "@mantine/core";
import { createLink, type LinkComponent } from "@tanstack/react-router";
import { type AnchorHTMLAttributes, forwardRef, type ReactNode } from "react";

type AnchorElementProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "color" | "style">;

const MantineAnchor = forwardRef<HTMLAnchorElement, AnchorProps & AnchorElementProps>((props, ref) => (
  <Anchor ref={ref} {...props} />
));
const CreatedAnchorLink = createLink(MantineAnchor);
export const AnchorLink: LinkComponent<typeof MantineAnchor> = (props) => <CreatedAnchorLink {...props} />;

const MantineNavLink = forwardRef<HTMLAnchorElement, NavLinkProps & AnchorElementProps>((props, ref) => (
  <NavLink ref={ref} {...props} />
));
const CreatedNavLink = createLink(MantineNavLink);
/** A navigation entry, marked active (Mantine's look, aria-current for screen readers) on its route. */
export const NavLinkLink: LinkComponent<typeof MantineNavLink> = (props) => (
  <CreatedNavLink activeProps={{ "data-active": true } as never} {...props} />
);

/** A link to any record's page (a deal, a task, an invoice…) by the collection the API serves it from. */
export function RecordLink(props: {
  readonly workspaceId: string;
  readonly collection: string;
  readonly id: string;
  readonly children: ReactNode;
}) {
  return (
    <AnchorLink
      to="/w/$workspaceId/records/$collection/$id"
      params={{ workspaceId: props.workspaceId, collection: props.collection, id: props.id }}
    >
      {props.children}
    </AnchorLink>
  );
}
